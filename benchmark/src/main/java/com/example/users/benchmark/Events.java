package com.example.users.benchmark;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
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
    byte[] plain =
        event("DELETE", "/users/" + username, "", Map.of("username", username), Optional.empty());
    if (ifMatch.isEmpty()) {
      return plain;
    }
    JsonObject e =
        com.google.gson.JsonParser.parseString(new String(plain, StandardCharsets.UTF_8))
            .getAsJsonObject();
    e.getAsJsonObject("headers").addProperty("if-match", ifMatch.get());
    return e.toString().getBytes(StandardCharsets.UTF_8);
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
    JsonObject e = new JsonObject();
    e.addProperty("version", "2.0");
    String template = pathParameters.isEmpty() ? "/users" : "/users/{username}";
    e.addProperty("routeKey", method + " " + template);
    e.addProperty("rawPath", path);
    e.addProperty("rawQueryString", rawQuery);
    JsonObject headers = new JsonObject();
    headers.addProperty("accept", "application/json");
    headers.addProperty("host", "example.execute-api.us-east-1.amazonaws.com");
    headers.addProperty("user-agent", "benchmark");
    body.ifPresent(b -> headers.addProperty("content-type", "application/json"));
    e.add("headers", headers);
    if (!rawQuery.isEmpty()) {
      JsonObject query = new JsonObject();
      for (String pair : rawQuery.split("&")) {
        String[] kv = pair.split("=", 2);
        query.addProperty(kv[0], kv.length > 1 ? kv[1] : "");
      }
      e.add("queryStringParameters", query);
    }
    if (!pathParameters.isEmpty()) {
      JsonObject params = new JsonObject();
      pathParameters.forEach(params::addProperty);
      e.add("pathParameters", params);
    }
    JsonObject http = new JsonObject();
    http.addProperty("method", method);
    http.addProperty("path", path);
    http.addProperty("protocol", "HTTP/1.1");
    http.addProperty("sourceIp", "127.0.0.1");
    http.addProperty("userAgent", "benchmark");
    JsonObject context = new JsonObject();
    context.addProperty("accountId", "000000000000");
    context.addProperty("apiId", "benchmark");
    context.add("http", http);
    context.addProperty("requestId", "benchmark");
    context.addProperty("routeKey", method + " " + template);
    context.addProperty("stage", "$default");
    context.addProperty("timeEpoch", 1795521600000L);
    e.add("requestContext", context);
    body.ifPresent(b -> e.addProperty("body", b));
    e.addProperty("isBase64Encoded", false);
    return e.toString().getBytes(StandardCharsets.UTF_8);
  }
}
