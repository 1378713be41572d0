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
   * Reads a v2 event.
   *
   * @throws Problem 400 if the body is flagged base64 but is not
   * @throws IllegalArgumentException if the event is not a v2 HTTP event at all
   */
  static HttpRequest fromEvent(JsonObject event) {
    JsonObject context = object(event, "requestContext");
    JsonObject http = object(context, "http");
    String method =
        string(http, "method").orElseThrow(() -> notAnEvent("requestContext.http.method"));
    String rawPath = string(event, "rawPath").orElseThrow(() -> notAnEvent("rawPath"));
    Map<String, String> headers = new LinkedHashMap<>();
    JsonObject headerObject = object(event, "headers");
    headerObject
        .entrySet()
        .forEach(
            e -> {
              if (e.getValue().isJsonPrimitive()) {
                headers.merge(
                    e.getKey().toLowerCase(Locale.ROOT),
                    e.getValue().getAsString(),
                    (a, b) -> a + "," + b);
              }
            });
    Optional<byte[]> body = Optional.empty();
    Optional<String> text = string(event, "body");
    if (text.isPresent()) {
      boolean base64 =
          event.has("isBase64Encoded")
              && event.get("isBase64Encoded").isJsonPrimitive()
              && event.get("isBase64Encoded").getAsBoolean();
      body =
          Optional.of(
              base64
                  ? decodeBase64(text.get())
                  : text.get().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    // Methods are case-sensitive (RFC 9110, section 9.1), as API Gateway routes them: "delete" is
    // not DELETE and must get a 405, not delete a user past a filter that only looks for DELETE.
    return new HttpRequest(
        method,
        rawPath,
        string(event, "rawQueryString").orElse(""),
        Collections.unmodifiableMap(headers),
        body,
        string(context, "requestId").orElse("unknown"));
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

  private static Optional<String> string(JsonObject parent, String name) {
    JsonElement e = parent.get(name);
    return e != null && e.isJsonPrimitive() ? Optional.of(e.getAsString()) : Optional.empty();
  }

  private static IllegalArgumentException notAnEvent(String missing) {
    return new IllegalArgumentException("Not an API Gateway HTTP API v2 event: no " + missing);
  }
}
