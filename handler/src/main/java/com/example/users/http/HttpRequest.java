package com.example.users.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A request as the API sees it, read from an API Gateway HTTP API (payload format 2.0) event by
 * {@link EventReader}: method, raw path and query, headers by lower-case name, and the body as
 * bytes (base64-decoded when API Gateway says so).
 */
record HttpRequest(
    String method,
    String rawPath,
    String rawQueryString,
    Map<String, String> headers,
    Optional<byte[]> body,
    String requestId) {

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
}
