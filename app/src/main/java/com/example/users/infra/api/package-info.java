/** The Lambda function, its IAM role and logs, and the API Gateway HTTP API in front of it. */
package com.example.users.infra.api;
