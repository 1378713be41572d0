/** Configuration: the handler's settings, read once from the environment at init. */
package com.example.users.config;
