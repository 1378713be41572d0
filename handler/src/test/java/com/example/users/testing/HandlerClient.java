package com.example.users.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.users.http.RouteTable;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Sends API Gateway HTTP API v2 events to a handler and reads its v2 responses. */
public final class HandlerClient {

  private static final AtomicLong REQUESTS = new AtomicLong();

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

  /**
   * Builds a v2 event as API Gateway would for this request: header names lower-cased, the route
   * key of the matched route ({@code $default} when none matches, which API Gateway would answer
   * itself), the method and request id in the request context, and the body as text. With {@code
   * base64}, the body is sent as given, flagged base64 (to test what the handler does with such
   * bodies, valid or not). (Local mode's full builder, held to API Gateway's sample events, is in
   * dev/local; the handler reads only these fields.)
   */
  public static JsonObject event(
      String method,
      String rawPath,
      String rawQuery,
      String body,
      boolean base64,
      Map<String, String> headers) {
    String routeKey =
        RouteTable.match(method, rawPath).map(m -> m.routeKey(method)).orElse("$default");
    JsonObject event = new JsonObject();
    event.addProperty("version", "2.0");
    event.addProperty("routeKey", routeKey);
    event.addProperty("rawPath", rawPath);
    event.addProperty("rawQueryString", rawQuery);
    JsonObject lowerCase = new JsonObject();
    headers.forEach((name, value) -> lowerCase.addProperty(name.toLowerCase(Locale.ROOT), value));
    event.add("headers", lowerCase);
    JsonObject http = new JsonObject();
    http.addProperty("method", method);
    http.addProperty("path", rawPath);
    JsonObject context = new JsonObject();
    context.add("http", http);
    context.addProperty("requestId", "req-" + REQUESTS.incrementAndGet());
    context.addProperty("routeKey", routeKey);
    event.add("requestContext", context);
    if (body != null && !body.isEmpty()) {
      event.addProperty("body", body);
    }
    event.addProperty("isBase64Encoded", base64 && body != null);
    return event;
  }
}
