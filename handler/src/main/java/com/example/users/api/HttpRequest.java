package com.example.users.api;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an API Gateway HTTP API (payload format 2.0) event the API uses: method, raw path
 * and query, headers by lower-case name, and the body as bytes (base64-decoded when API Gateway
 * says so).
 */
record HttpRequest(
    String method,
    String rawPath,
    String rawQueryString,
    Map<String, String> headers,
    Optional<byte[]> body,
    String requestId) {

  /**
   * The fields of a v2 event the API reads, as they stand in the event: what {@link #of} makes a
   * request of. Null for a field the event lacks (or holds as an object, array or null).
   *
   * @param headers header names as in the event, in order, each with its value (null for one that
   *     is not a string, number or boolean, which the request skips)
   */
  record Event(
      String method,
      String rawPath,
      String rawQueryString,
      Map<String, String> headers,
      String body,
      boolean isBase64Encoded,
      String requestId) {}

  /**
   * Reads a v2 event that is already parsed.
   *
   * @throws Problem 400 if the body is flagged base64 but is not
   * @throws IllegalArgumentException if the event is not a v2 HTTP event at all
   */
  static HttpRequest fromEvent(JsonObject event) {
    return of(fields(event));
  }

  /** The fields of a parsed event, read as {@link EventReader} reads them from the event's text. */
  static Event fields(JsonObject event) {
    JsonObject context = object(event, "requestContext");
    JsonObject http = object(context, "http");
    Map<String, String> headers = new LinkedHashMap<>();
    object(event, "headers")
        .entrySet()
        .forEach(
            e ->
                headers.put(
                    e.getKey(),
                    e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : null));
    JsonElement base64 = event.get("isBase64Encoded");
    return new Event(
        string(http, "method"),
        string(event, "rawPath"),
        string(event, "rawQueryString"),
        headers,
        string(event, "body"),
        base64 != null && base64.isJsonPrimitive() && base64.getAsBoolean(),
        string(context, "requestId"));
  }

  /**
   * The request an event's fields describe.
   *
   * @throws Problem 400 if the body is flagged base64 but is not
   * @throws IllegalArgumentException if the event is not a v2 HTTP event at all
   */
  static HttpRequest of(Event event) {
    if (event.method() == null) {
      throw notAnEvent("requestContext.http.method");
    }
    if (event.rawPath() == null) {
      throw notAnEvent("rawPath");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    event
        .headers()
        .forEach(
            (name, value) -> {
              if (value != null) {
                headers.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + "," + b);
              }
            });
    Optional<byte[]> body = Optional.empty();
    if (event.body() != null) {
      body =
          Optional.of(
              event.isBase64Encoded()
                  ? decodeBase64(event.body())
                  : event.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    // Methods are case-sensitive (RFC 9110, section 9.1), as API Gateway routes them: "delete" is
    // not DELETE and must get a 405, not delete a user past a filter that only looks for DELETE.
    return new HttpRequest(
        event.method(),
        event.rawPath(),
        event.rawQueryString() == null ? "" : event.rawQueryString(),
        Collections.unmodifiableMap(headers),
        body,
        event.requestId() == null ? "unknown" : event.requestId());
  }

  Optional<String> header(String lowerCaseName) {
    return Optional.ofNullable(headers.get(lowerCaseName));
  }

  /**
   * Query parameters, decoded as in {@code application/x-www-form-urlencoded}. A repeated name
   * keeps its first value, as the API never repeats one.
   *
   * @throws Problem 400 if a name or value is not valid percent-encoded UTF-8
   */
  Map<String, String> queryParameters() {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQueryString.isEmpty()) {
      return params;
    }
    for (String pair : rawQueryString.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decodeQuery(pair.substring(eq + 1));
      params.putIfAbsent(name, value);
    }
    return params;
  }

  private static String decodeQuery(String s) {
    return RouteTable.decodeSegment(s.replace('+', ' '))
        .orElseThrow(
            () ->
                new Problem(
                    400,
                    "invalid-request",
                    "Invalid request",
                    "The query string is not valid percent-encoded UTF-8."));
  }

  private static byte[] decodeBase64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new Problem(
          400,
          "invalid-request",
          "Invalid request",
          "The request body is marked base64-encoded but is not valid base64.");
    }
  }

  private static JsonObject object(JsonObject parent, String name) {
    JsonElement e = parent.get(name);
    return e != null && e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
  }

  private static String string(JsonObject parent, String name) {
    JsonElement e = parent.get(name);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
  }

  private static IllegalArgumentException notAnEvent(String missing) {
    return new IllegalArgumentException("Not an API Gateway HTTP API v2 event: no " + missing);
  }
}
