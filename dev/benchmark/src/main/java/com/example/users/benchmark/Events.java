package com.example.users.benchmark;

import com.example.users.local.HttpApiEvents;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** API Gateway HTTP API payload 2.0 events for in-process calls, serialised ahead of timing. */
final class Events {

  private Events() {}

  static byte[] get(String username) {
    return event("GET", "/users/" + username, "", Map.of("username", username), Optional.empty());
  }

  static byte[] create(String json) {
    return event("POST", "/users", "", Map.of(), Optional.of(json));
  }

  static byte[] update(String username, String json) {
    return event("PUT", "/users/" + username, "", Map.of("username", username), Optional.of(json));
  }

  static byte[] delete(String username, Optional<String> ifMatch) {
    return event(
        "DELETE",
        "/users/" + username,
        "",
        Map.of("username", username),
        Optional.empty(),
        ifMatch);
  }

  static byte[] list(String rawQuery) {
    return event("GET", "/users", rawQuery, Map.of(), Optional.empty());
  }

  private static byte[] event(
      String method,
      String path,
      String rawQuery,
      Map<String, String> pathParameters,
      Optional<String> body) {
    return event(method, path, rawQuery, pathParameters, body, Optional.empty());
  }

  /** The handler's own event builder; {@code pathParameters} only document the route. */
  private static byte[] event(
      String method,
      String path,
      String rawQuery,
      Map<String, String> pathParameters,
      Optional<String> body,
      Optional<String> ifMatch) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("accept", "application/json");
    headers.put("host", "example.execute-api.us-east-1.amazonaws.com");
    headers.put("user-agent", "benchmark");
    body.ifPresent(b -> headers.put("content-type", "application/json"));
    ifMatch.ifPresent(v -> headers.put("if-match", v));
    JsonObject e =
        HttpApiEvents.event(
            HttpApiEvents.Request.of(method, path, rawQuery, headers, body.orElse(null))
                .withRequestId("benchmark"));
    if (!pathParameters.equals(pathParameters(e))) {
      throw new IllegalStateException("Route table and benchmark disagree on " + path);
    }
    return e.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> pathParameters(JsonObject event) {
    Map<String, String> params = new LinkedHashMap<>();
    if (event.has("pathParameters")) {
      event
          .getAsJsonObject("pathParameters")
          .entrySet()
          .forEach(p -> params.put(p.getKey(), p.getValue().getAsString()));
    }
    return params;
  }
}
