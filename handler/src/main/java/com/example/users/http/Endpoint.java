package com.example.users.http;

import com.example.users.storage.UserTable;
import java.util.List;
import java.util.Locale;

/**
 * One entry of the API's {@link RouteTable}: an HTTP method, a path template in API Gateway syntax
 * ({@code /users/{username}}), the OpenAPI operation it implements, whether it reads or writes, and
 * the code that serves it.
 *
 * @param method upper-case HTTP method
 * @param path path template; {@code {name}} segments match one non-empty path segment
 * @param operationId the operation's id, as in {@code docs/openapi.yaml}
 * @param access whether the operation reads or writes users: the JWT scope the stack requires for
 *     it and the security {@code openapi.yaml} declares for it follow from this
 * @param operation the code that serves it
 */
public record Endpoint(
    String method, String path, String operationId, Access access, Operation operation) {

  /** Whether an operation only reads users or changes them. */
  public enum Access {
    /** Reads users and changes nothing. */
    READ,
    /** Creates, changes or deletes users. */
    WRITE
  }

  /** The code that serves an endpoint: one method of {@link UserApi}. */
  @FunctionalInterface
  interface Operation {
    HttpResponse serve(
        UserApi api, HttpRequest request, RouteTable.RouteMatch match, UserTable users);
  }

  /** Validates the template once, so that a typo fails at class init rather than at runtime. */
  public Endpoint {
    if (!method.equals(method.toUpperCase(Locale.ROOT)) || method.isBlank()) {
      throw new IllegalArgumentException("method must be upper-case: " + method);
    }
    if (!path.startsWith("/") || path.endsWith("/") && path.length() > 1) {
      throw new IllegalArgumentException("path must start and not end with '/': " + path);
    }
    if (access == null || operation == null) {
      throw new IllegalArgumentException("an endpoint needs its access and its operation");
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
