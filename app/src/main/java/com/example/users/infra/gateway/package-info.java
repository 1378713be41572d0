/**
 * The API Gateway HTTP API in front of the function: routes (from the handler's route table),
 * authorization, CORS, the throttled stage and its access logs.
 */
package com.example.users.infra.gateway;
