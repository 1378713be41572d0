package com.example.users.local;

import com.example.users.http.RouteTable;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds API Gateway HTTP API payload 2.0 events the way API Gateway does, from the parts of an
 * HTTP request: raw path and query as sent, header names lower-cased with repeated headers joined
 * by commas, {@code Cookie} moved to {@code cookies}, decoded query parameters, path parameters and
 * route key of the matched route, the request context, and the body as text, or base64 for content
 * types that are not text. Local mode's and the benchmark's builder of such events (the Lambda jar
 * does not hold it); API Gateway's sample events under {@code handler/src/test/resources/events/}
 * are the reference a test holds it to.
 */
public final class HttpApiEvents {

  private static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);
  private static final Set<String> TEXT_TYPES =
      Set.of(
          "application/json",
          "application/javascript",
          "application/xml",
          "application/x-www-form-urlencoded");
  private static final AtomicLong REQUESTS = new AtomicLong();

  private HttpApiEvents() {}

  /**
   * The parts of an HTTP request an event is made of.
   *
   * @param method the method, as sent (case-sensitive)
   * @param rawPath the path, not decoded
   * @param rawQuery the query string without {@code ?}, empty for none
   * @param headers header names as sent, each with its values in order
   * @param body the body bytes, empty for none
   * @param sourceIp the client's address
   * @param requestId the request id API Gateway would assign
   * @param time when the request arrived
   */
  public record Request(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, List<String>> headers,
      byte[] body,
      String sourceIp,
      String requestId,
      Instant time) {

    /**
     * A request from single-valued headers and a text body (null for none), from a documentation
     * address ({@code 192.0.2.1}), with a fresh request id, now.
     */
    public static Request of(
        String method, String rawPath, String rawQuery, Map<String, String> headers, String body) {
      Map<String, List<String>> multi = new LinkedHashMap<>();
      headers.forEach((k, v) -> multi.put(k, List.of(v)));
      return new Request(
          method,
          rawPath,
          rawQuery,
          multi,
          body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
          "192.0.2.1",
          "req-" + REQUESTS.incrementAndGet(),
          Instant.now());
    }

    /** The same request with another request id. */
    public Request withRequestId(String id) {
      return new Request(method, rawPath, rawQuery, headers, body, sourceIp, id, time);
    }
  }

  /**
   * The event for a request, routed by the {@link RouteTable}. A path no route matches (which API
   * Gateway would answer itself, without the function) gets the route key {@code $default}, so that
   * tests can hand the handler what API Gateway never would.
   */
  public static JsonObject event(Request request) {
    return event(request, RouteTable.match(request.method(), request.rawPath()));
  }

  /**
   * The event for a request whose path was already matched (or not) against the route table.
   *
   * @param match the route table's match for the request, empty for none
   */
  public static JsonObject event(Request request, Optional<RouteTable.RouteMatch> match) {
    String routeKey = match.map(m -> m.routeKey(request.method())).orElse("$default");
    JsonObject event = new JsonObject();
    event.addProperty("version", "2.0");
    event.addProperty("routeKey", routeKey);
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
    if (match.isPresent() && !match.get().rawParameters().isEmpty()) {
      JsonObject params = new JsonObject();
      match.get().rawParameters().forEach(params::addProperty);
      event.add("pathParameters", params);
    }
    JsonObject http = new JsonObject();
    http.addProperty("method", request.method());
    http.addProperty("path", request.rawPath());
    http.addProperty("protocol", "HTTP/1.1");
    http.addProperty("sourceIp", request.sourceIp());
    http.addProperty("userAgent", Optional.ofNullable(header(request, "user-agent")).orElse(""));
    String domain = Optional.ofNullable(header(request, "host")).orElse("localhost");
    JsonObject context = new JsonObject();
    context.addProperty("accountId", "000000000000");
    context.addProperty("apiId", "local");
    context.addProperty("domainName", domain);
    context.addProperty("domainPrefix", domainPrefix(domain));
    context.add("http", http);
    context.addProperty("requestId", request.requestId());
    context.addProperty("routeKey", routeKey);
    context.addProperty("stage", "$default");
    context.addProperty("time", requestTime(request.time()));
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

  /** The host name's first label: what comes before the first {@code .} or {@code :}. */
  private static String domainPrefix(String domain) {
    for (int i = 0; i < domain.length(); i++) {
      char c = domain.charAt(i);
      if (c == '.' || c == ':') {
        return domain.substring(0, i);
      }
    }
    return domain;
  }

  /** A request time's second and its text. */
  private record Stamp(long second, String text) {}

  /** The last request time formatted: local mode formats it once a second, not per request. */
  private static final AtomicReference<Stamp> LAST_TIME =
      new AtomicReference<>(new Stamp(Long.MIN_VALUE, ""));

  private static String requestTime(Instant time) {
    Stamp last = LAST_TIME.get();
    if (last.second() == time.getEpochSecond()) {
      return last.text();
    }
    String text = REQUEST_TIME.format(time);
    LAST_TIME.set(new Stamp(time.getEpochSecond(), text));
    return text;
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

  /** Whether API Gateway passes a body of this content type as text (else base64). */
  public static boolean isText(String contentType) {
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
    boolean ascii = true;
    for (int i = 0; i < bytes.length && ascii; i++) {
      ascii = bytes[i] >= 0;
    }
    if (ascii) {
      return true;
    }
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
