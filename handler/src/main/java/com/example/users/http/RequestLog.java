package com.example.users.http;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * One structured JSON line per request — request id, route template, status, latency and the number
 * of DynamoDB calls — and never the user's attribute values or the raw path (they are personal
 * data). An unexpected failure adds one ERROR line with its stack trace.
 *
 * <p>Each line is handed to the runtime as bytes with its level ({@link LambdaLogger#log(byte[],
 * LogLevel)}): the Lambda Java runtime filters it by the function's application log level and, in
 * the JSON log format, passes it on as the log record itself, so its fields are top-level in
 * CloudWatch. (A {@code String} would be wrapped as the {@code message} of the runtime's own
 * record, with no level.) A 5xx is logged at ERROR; other answers, 4xx included (the API refusing a
 * request as designed), at INFO.
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
    LogLevel level = status >= 500 ? LogLevel.ERROR : LogLevel.INFO;
    // Written directly, in the field order of a JsonObject with these properties: one such line
    // per request is part of the handler's own time.
    StringBuilder line = new StringBuilder(192);
    line.append("{\"level\":\"")
        .append(level.name())
        .append("\",\"message\":\"request\",\"requestId\":");
    Json.writeString(line, requestId);
    line.append(",\"method\":");
    Json.writeString(line, method);
    line.append(",\"route\":");
    Json.writeString(line, route);
    line.append(",\"status\":").append(status);
    line.append(",\"latencyMs\":");
    appendHundredths(line, Math.round(latencyMs * 100));
    line.append(",\"dynamodbCalls\":").append(dynamoDbCalls).append("}\n");
    logger.log(line.toString().getBytes(StandardCharsets.UTF_8), level);
  }

  /**
   * Appends {@code hundredths / 100} as a decimal with one or two fraction digits ({@code 3.0},
   * {@code 3.4}, {@code 3.45}): the number {@code Math.round(x * 100) / 100.0} is, written without
   * a floating-point conversion.
   */
  static void appendHundredths(StringBuilder out, long hundredths) {
    if (hundredths < 0) {
      out.append('-');
    }
    long abs = Math.abs(hundredths);
    long fraction = abs % 100;
    out.append(abs / 100).append('.');
    if (fraction < 10) {
      out.append(fraction == 0 ? "0" : "0" + fraction);
    } else {
      out.append(fraction % 10 == 0 ? fraction / 10 : fraction);
    }
  }

  static void failure(LambdaLogger logger, String requestId, String route, Throwable failure) {
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    JsonObject line = new JsonObject();
    line.addProperty("level", LogLevel.ERROR.name());
    line.addProperty("message", "request failed");
    line.addProperty("requestId", requestId);
    line.addProperty("route", route);
    line.addProperty("error", failure.getClass().getName());
    line.addProperty("stackTrace", trace.toString());
    write(logger, line, LogLevel.ERROR);
  }

  private static void write(LambdaLogger logger, JsonObject line, LogLevel level) {
    logger.log((Json.toJson(line) + "\n").getBytes(StandardCharsets.UTF_8), level);
  }
}
