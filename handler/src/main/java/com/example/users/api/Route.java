package com.example.users.api;

import java.util.List;
import java.util.Locale;

/**
 * One entry of the API's route table: an HTTP method, a path template in API Gateway syntax ({@code
 * /users/{username}}) and the OpenAPI operation id it implements.
 *
 * @param method upper-case HTTP method
 * @param path path template; {@code {name}} segments match one non-empty path segment
 * @param operationId the operation's id, as in {@code openapi.yaml}
 */
public record Route(String method, String path, String operationId) {

  /** Validates the template once, so that a typo fails at class init rather than at runtime. */
  public Route {
    if (!method.equals(method.toUpperCase(Locale.ROOT)) || method.isBlank()) {
      throw new IllegalArgumentException("method must be upper-case: " + method);
    }
    if (!path.startsWith("/") || path.endsWith("/") && path.length() > 1) {
      throw new IllegalArgumentException("path must start and not end with '/': " + path);
    }
  }

  /** The API Gateway route key, for example {@code GET /users/{username}}. */
  public String routeKey() {
    return method + " " + path;
  }

  /** The template's segments, without the leading empty one. */
  List<String> segments() {
    return List.of(path.substring(1).split("/", -1));
  }
}
