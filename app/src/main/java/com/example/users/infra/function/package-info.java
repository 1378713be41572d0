/**
 * The Lambda function that runs the handler: its IAM role and least-privilege policy, its log group
 * and the alias the HTTP API invokes.
 */
package com.example.users.infra.function;
