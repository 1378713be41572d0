package com.example.users.http;

import java.util.List;

/**
 * What a browser script on an allowed origin may do with the API (CORS): the one definition that
 * the stack's API Gateway configuration and local mode's mirror of it both use. Which origins are
 * allowed is a stack setting ({@code corsAllowedOrigins}); this is the rest.
 */
public final class CorsPolicy {

  /** The request headers a browser may send: JSON bodies, {@code If-Match}, JWT and SigV4. */
  public static final List<String> ALLOW_HEADERS =
      List.of(
          "authorization",
          "content-type",
          "if-match",
          "x-amz-content-sha256",
          "x-amz-date",
          "x-amz-security-token");

  /**
   * The response headers of this API a script may read besides the CORS-safelisted ones: {@code
   * Allow} (a 405's allowed methods), {@code ETag} (the version {@code If-Match} takes), {@code
   * Location} (a new user's URL) and {@code Retry-After} (a 503's hint).
   */
  public static final List<String> EXPOSE_HEADERS =
      List.of("allow", "etag", "location", "retry-after");

  private CorsPolicy() {}

  /** The methods a preflight allows: the {@link RouteTable}'s, each once, in its order. */
  public static List<String> allowMethods() {
    return RouteTable.routes().stream().map(Endpoint::method).distinct().toList();
  }
}
