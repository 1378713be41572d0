package com.example.users.api;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One structured JSON line per request — request id, route template, status, latency and the number
 * of DynamoDB calls — and never the user's attribute values or the raw path (they are personal
 * data). An unexpected failure adds one ERROR line with its stack trace.
 */
final class RequestLog {

  private RequestLog() {}

  static void request(
      LambdaLogger logger,
      String requestId,
      String method,
      String route,
      int status,
      double latencyMs,
      int dynamoDbCalls) {
    JsonObject line = new JsonObject();
    line.addProperty("level", status >= 500 ? "ERROR" : "INFO");
    line.addProperty("message", "request");
    line.addProperty("requestId", requestId);
    line.addProperty("method", method);
    line.addProperty("route", route);
    line.addProperty("status", status);
    line.addProperty("latencyMs", Math.round(latencyMs * 100) / 100.0);
    line.addProperty("dynamodbCalls", dynamoDbCalls);
    logger.log(Json.toJson(line) + "\n");
  }

  static void failure(LambdaLogger logger, String requestId, String route, Throwable failure) {
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    JsonObject line = new JsonObject();
    line.addProperty("level", "ERROR");
    line.addProperty("message", "request failed");
    line.addProperty("requestId", requestId);
    line.addProperty("route", route);
    line.addProperty("error", failure.getClass().getName());
    line.addProperty("stackTrace", trace.toString());
    logger.log(Json.toJson(line) + "\n");
  }
}
