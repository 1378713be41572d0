/** The DynamoDB users table and its auto scaling. */
package com.example.users.infra.database;
