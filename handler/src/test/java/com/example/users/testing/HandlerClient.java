package com.example.users.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.users.api.HttpApiEvents;
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

  /**
   * Builds a v2 event with the handler's one event builder, {@link HttpApiEvents}, as API Gateway
   * would for this request. With {@code base64}, the body is sent as given, flagged base64 (to test
   * what the handler does with such bodies, valid or not).
   */
  public static JsonObject event(
      String method,
      String rawPath,
      String rawQuery,
      String body,
      boolean base64,
      Map<String, String> headers) {
    JsonObject event =
        HttpApiEvents.event(
            HttpApiEvents.Request.of(method, rawPath, rawQuery, headers, base64 ? null : body));
    if (base64 && body != null) {
      event.addProperty("body", body);
      event.addProperty("isBase64Encoded", true);
    }
    return event;
  }
}
