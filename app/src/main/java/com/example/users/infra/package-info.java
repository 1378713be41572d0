/**
 * The Pulumi program: {@link com.example.users.infra.App} runs {@link
 * com.example.users.infra.UserService}, which composes the components of the sub-packages: {@code
 * database} (the users table), {@code function} (the Lambda function that runs the handler), {@code
 * gateway} (the HTTP API in front of it), {@code monitoring}, {@code settings} (a stack's settings)
 * and {@code artifact} (the handler jar).
 */
package com.example.users.infra;
