package com.example.users.local;

import com.example.users.http.RouteTable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Local mode's mirror of the HTTP API's CORS configuration (the stack setting {@code
 * corsAllowedOrigins}), answered the way API Gateway answers it:
 *
 * <ul>
 *   <li>A preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method})
 *       is answered {@code 204} by the gateway itself, on any path, without reaching a route or the
 *       handler; with the {@code Access-Control-Allow-*} headers only when the origin is allowed,
 *       so the browser blocks the others.
 *   <li>Any other request with an allowed {@code Origin} gets {@code Access-Control-Allow-Origin}
 *       and {@code Access-Control-Expose-Headers} added to the answer, and CORS headers the
 *       integration returns are dropped.
 *   <li>With no origins configured (the default) there is no CORS at all: an {@code OPTIONS} goes
 *       to the routes like any method (and gets the handler's {@code 405}).
 * </ul>
 *
 * <p>Methods, allowed and exposed headers are the route table's CORS lists ({@link
 * RouteTable#corsAllowMethods()}, {@link RouteTable#CORS_ALLOW_HEADERS}, {@link
 * RouteTable#CORS_EXPOSE_HEADERS}), which the stack's API Gateway configuration uses too.
 */
public final class Cors {

  /** No CORS: the default, as the stack's default. */
  public static final Cors NONE = new Cors(List.of());

  private static final Pattern ORIGIN =
      Pattern.compile("https?://(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?");

  private final List<String> origins;

  private Cors(List<String> origins) {
    this.origins = List.copyOf(origins);
  }

  /**
   * Parses a comma-separated list of origins ({@code scheme://host[:port]}, no path or trailing
   * slash), or {@code *} for any; blank means none.
   *
   * @throws IllegalArgumentException naming the first origin that is not one
   */
  public static Cors parse(String commaSeparated) {
    Set<String> origins = new LinkedHashSet<>();
    for (String part : commaSeparated.split(",", -1)) {
      String origin = part.trim();
      if (origin.isEmpty() && commaSeparated.isBlank()) {
        continue;
      }
      if (!origin.equals("*") && !ORIGIN.matcher(origin).matches()) {
        throw new IllegalArgumentException(
            "CORS origin must be scheme://host[:port] without a path, or *; got '" + origin + "'");
      }
      origins.add(origin);
    }
    return new Cors(List.copyOf(origins));
  }

  /** The allowed origins, as configured. */
  public List<String> origins() {
    return origins;
  }

  /** Whether any origin is allowed. */
  public boolean enabled() {
    return !origins.isEmpty();
  }

  /** Whether the request is a preflight the gateway answers itself. */
  boolean isPreflight(String method, String origin, String requestMethod) {
    return enabled() && "OPTIONS".equals(method) && origin != null && requestMethod != null;
  }

  private boolean allows(String origin) {
    return origin != null && (origins.contains("*") || origins.contains(origin));
  }

  private String allowOrigin(String origin) {
    return origins.contains("*") ? "*" : origin;
  }

  /** The headers of the gateway's {@code 204} to a preflight; none for an origin not allowed. */
  Map<String, String> preflightHeaders(String origin) {
    Map<String, String> h = new LinkedHashMap<>();
    if (allows(origin)) {
      h.put("access-control-allow-origin", allowOrigin(origin));
      h.put("access-control-allow-methods", String.join(",", RouteTable.corsAllowMethods()));
      h.put("access-control-allow-headers", String.join(",", RouteTable.CORS_ALLOW_HEADERS));
    }
    return h;
  }

  /** The headers added to an answer to a request from {@code origin}; none if not allowed. */
  Map<String, String> responseHeaders(String origin) {
    Map<String, String> h = new LinkedHashMap<>();
    if (allows(origin)) {
      h.put("access-control-allow-origin", allowOrigin(origin));
      h.put("access-control-expose-headers", String.join(",", RouteTable.CORS_EXPOSE_HEADERS));
    }
    return h;
  }

  /** Whether a response header is one of CORS's own (which the gateway sets, not the handler). */
  static boolean isCorsHeader(String name) {
    return name.toLowerCase(Locale.ROOT).startsWith("access-control-");
  }
}
