package com.example.users.local;

import com.example.users.api.RouteTable;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds API Gateway HTTP API payload 2.0 events the way API Gateway does, from the parts of an
 * HTTP request: raw path and query as sent, header names lower-cased with repeated headers joined
 * by commas, {@code Cookie} moved to {@code cookies}, path parameters of the matched route, and the
 * body as text, or base64 for content types that are not text.
 */
final class GatewayEvents {

  private static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);
  private static final Set<String> TEXT_TYPES =
      Set.of(
          "application/json",
          "application/javascript",
          "application/xml",
          "application/x-www-form-urlencoded");

  private GatewayEvents() {}

  /** The parts of an HTTP request the event is made of. */
  record Request(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, List<String>> headers,
      byte[] body,
      String sourceIp,
      String requestId,
      Instant time) {}

  /**
   * The event for a request whose path matched a route (or an {@code ANY} route of the path).
   *
   * @param match the route table's match for the request
   */
  static JsonObject event(Request request, RouteTable.RouteMatch match) {
    JsonObject event = new JsonObject();
    event.addProperty("version", "2.0");
    event.addProperty("routeKey", match.routeKey(request.method()));
    event.addProperty("rawPath", request.rawPath());
    event.addProperty("rawQueryString", request.rawQuery());
    JsonObject headers = new JsonObject();
    JsonArray cookies = new JsonArray();
    request
        .headers()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              if (lower.equals("cookie")) {
                values.forEach(v -> List.of(v.split(";")).forEach(c -> cookies.add(c.trim())));
              } else {
                headers.addProperty(lower, String.join(",", values));
              }
            });
    if (!cookies.isEmpty()) {
      event.add("cookies", cookies);
    }
    event.add("headers", headers);
    JsonObject query = queryParameters(request.rawQuery());
    if (!query.isEmpty()) {
      event.add("queryStringParameters", query);
    }
    if (!match.rawParameters().isEmpty()) {
      JsonObject params = new JsonObject();
      match.rawParameters().forEach(params::addProperty);
      event.add("pathParameters", params);
    }
    JsonObject http = new JsonObject();
    http.addProperty("method", request.method());
    http.addProperty("path", request.rawPath());
    http.addProperty("protocol", "HTTP/1.1");
    http.addProperty("sourceIp", request.sourceIp());
    http.addProperty("userAgent", Optional.ofNullable(header(request, "user-agent")).orElse(""));
    JsonObject context = new JsonObject();
    context.addProperty("accountId", "000000000000");
    context.addProperty("apiId", "local");
    context.addProperty(
        "domainName", Optional.ofNullable(header(request, "host")).orElse("localhost"));
    context.addProperty("domainPrefix", "localhost");
    context.add("http", http);
    context.addProperty("requestId", request.requestId());
    context.addProperty("routeKey", match.routeKey(request.method()));
    context.addProperty("stage", "$default");
    context.addProperty("time", REQUEST_TIME.format(request.time()));
    context.addProperty("timeEpoch", request.time().toEpochMilli());
    event.add("requestContext", context);
    if (request.body().length > 0) {
      boolean text = isText(header(request, "content-type")) && isUtf8(request.body());
      event.addProperty(
          "body",
          text
              ? new String(request.body(), StandardCharsets.UTF_8)
              : Base64.getEncoder().encodeToString(request.body()));
      event.addProperty("isBase64Encoded", !text);
    } else {
      event.addProperty("isBase64Encoded", false);
    }
    return event;
  }

  private static String header(Request request, String lowerName) {
    for (Map.Entry<String, List<String>> e : request.headers().entrySet()) {
      if (e.getKey().equalsIgnoreCase(lowerName) && !e.getValue().isEmpty()) {
        return String.join(",", e.getValue());
      }
    }
    return null;
  }

  /** API Gateway decodes query values into queryStringParameters, joining repeats with commas. */
  private static JsonObject queryParameters(String rawQuery) {
    JsonObject params = new JsonObject();
    if (rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (params.has(name)) {
        params.addProperty(name, params.get(name).getAsString() + "," + value);
      } else {
        params.addProperty(name, value);
      }
    }
    return params;
  }

  private static String decode(String s) {
    return RouteTable.decodeSegment(s.replace('+', ' ')).orElse(s);
  }

  static boolean isText(String contentType) {
    if (contentType == null) {
      return true;
    }
    String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    return type.isEmpty()
        || type.startsWith("text/")
        || TEXT_TYPES.contains(type)
        || type.endsWith("+json")
        || type.endsWith("+xml");
  }

  private static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }
}
