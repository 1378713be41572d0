/** Configuration read once at init, and the DynamoDB client built from it. */
package com.example.users.config;
