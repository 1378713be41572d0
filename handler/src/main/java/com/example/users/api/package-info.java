/**
 * The HTTP edge: the Lambda entry point, API Gateway v2 events in and out, the route table, problem
 * responses and the request log.
 */
package com.example.users.api;
