package com.example.users.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Sends API Gateway HTTP API v2 events to a handler and reads its v2 responses. */
public final class HandlerClient {

  private final RequestStreamHandler handler;
  private TestContext lastContext;

  public HandlerClient(RequestStreamHandler handler) {
    this.handler = handler;
  }

  /** A response as API Gateway would return it. */
  public record Response(int status, Map<String, String> headers, String body) {
    public JsonObject json() {
      return JsonParser.parseString(body).getAsJsonObject();
    }

    public String header(String name) {
      return headers.get(name);
    }
  }

  /** The context of the last request, with its log lines. */
  public TestContext lastContext() {
    return lastContext;
  }

  public Response send(String method, String rawPath) {
    return send(method, rawPath, "", null, Map.of());
  }

  public Response send(String method, String rawPath, String jsonBody) {
    return send(method, rawPath, "", jsonBody, Map.of("Content-Type", "application/json"));
  }

  public Response send(
      String method, String rawPath, String rawQuery, String body, Map<String, String> headers) {
    return sendEvent(event(method, rawPath, rawQuery, body, false, headers));
  }

  /** Sends a complete event. */
  public Response sendEvent(JsonObject event) {
    return sendEvent(event, new TestContext());
  }

  /** Sends a complete event in the given invocation context (remaining time, logger). */
  public Response sendEvent(JsonObject event, TestContext context) {
    lastContext = context;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(
          new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)),
          out,
          lastContext.context());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonObject response =
        JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
    Map<String, String> headers = new LinkedHashMap<>();
    response
        .getAsJsonObject("headers")
        .entrySet()
        .forEach(e -> headers.put(e.getKey(), e.getValue().getAsString()));
    JsonElement body = response.get("body");
    return new Response(
        response.get("statusCode").getAsInt(), headers, body == null ? "" : body.getAsString());
  }

  /** Builds a v2 event the way API Gateway does: header names as sent, body as text or base64. */
  public static JsonObject event(
      String method,
      String rawPath,
      String rawQuery,
      String body,
      boolean base64,
      Map<String, String> headers) {
    JsonObject event = new JsonObject();
    event.addProperty("version", "2.0");
    event.addProperty("routeKey", "$default");
    event.addProperty("rawPath", rawPath);
    event.addProperty("rawQueryString", rawQuery);
    JsonObject h = new JsonObject();
    headers.forEach(h::addProperty);
    event.add("headers", h);
    JsonObject http = new JsonObject();
    http.addProperty("method", method);
    http.addProperty("path", rawPath);
    http.addProperty("protocol", "HTTP/1.1");
    http.addProperty("sourceIp", "192.0.2.1");
    http.addProperty("userAgent", "test");
    JsonObject context = new JsonObject();
    context.addProperty("requestId", UUID.randomUUID().toString());
    context.add("http", http);
    event.add("requestContext", context);
    if (body != null) {
      event.addProperty("body", body);
    }
    event.addProperty("isBase64Encoded", base64);
    return event;
  }
}
