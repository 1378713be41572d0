package com.example.users.http;

import static com.example.users.http.Endpoint.Access.READ;
import static com.example.users.http.Endpoint.Access.WRITE;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The API's routes and their dispatch, in one place: per route the method, the path, the OpenAPI
 * operation, whether it reads or writes, and the {@link UserApi} method that serves it. The handler
 * dispatches on it; local mode builds API Gateway events from it; the infrastructure program
 * creates one API Gateway route per entry (plus one {@code ANY} route per path so that a wrong
 * method reaches the handler and gets a 405) with the JWT scope its access calls for; and tests
 * hold {@code docs/openapi.yaml} to it.
 *
 * <p>To add a route: add an entry here, the method of {@link UserApi} it names, and the operation
 * in {@code docs/openapi.yaml}.
 *
 * <p>It also holds what a browser script on an allowed origin may do with these routes (CORS),
 * which the stack's API Gateway configuration and local mode's mirror of it both use: {@link
 * #CORS_ALLOW_HEADERS}, {@link #CORS_EXPOSE_HEADERS} and {@link #corsAllowMethods()}. Which origins
 * are allowed is a stack setting ({@code corsAllowedOrigins}).
 */
public final class RouteTable {

  private static final List<Endpoint> ROUTES =
      List.of(
          new Endpoint("POST", "/users", "createUser", WRITE, UserApi::create),
          new Endpoint("GET", "/users", "listUsers", READ, UserApi::list),
          new Endpoint("GET", "/users/{username}", "getUser", READ, UserApi::get),
          new Endpoint("PUT", "/users/{username}", "updateUser", WRITE, UserApi::update),
          new Endpoint("DELETE", "/users/{username}", "deleteUser", WRITE, UserApi::delete));

  /** The request headers a browser may send cross-origin: JSON bodies, If-Match, JWT and SigV4. */
  public static final List<String> CORS_ALLOW_HEADERS =
      List.of(
          "authorization",
          "content-type",
          "if-match",
          "x-amz-content-sha256",
          "x-amz-date",
          "x-amz-security-token");

  /**
   * The response headers of these routes a browser script may read besides the CORS-safelisted
   * ones: {@code Allow} (a 405's allowed methods), {@code ETag} (the version {@code If-Match}
   * takes), {@code Location} (a new user's URL) and {@code Retry-After} (a 503's hint).
   */
  public static final List<String> CORS_EXPOSE_HEADERS =
      List.of("allow", "etag", "location", "retry-after");

  /** Each path template split into segments once, in {@link #paths()} order. */
  private static final Map<String, List<String>> SEGMENTS = segmentsByPath();

  private RouteTable() {}

  private static Map<String, List<String>> segmentsByPath() {
    Map<String, List<String>> segments = new LinkedHashMap<>();
    ROUTES.forEach(r -> segments.putIfAbsent(r.path(), r.segments()));
    return java.util.Collections.unmodifiableMap(segments);
  }

  /** Every route, in a stable order. */
  public static List<Endpoint> routes() {
    return ROUTES;
  }

  /** The distinct path templates, in the order they first appear. */
  public static List<String> paths() {
    Set<String> paths = new LinkedHashSet<>();
    ROUTES.forEach(r -> paths.add(r.path()));
    return List.copyOf(paths);
  }

  /** The methods a CORS preflight allows: the table's, each once, in its order. */
  public static List<String> corsAllowMethods() {
    return ROUTES.stream().map(Endpoint::method).distinct().toList();
  }

  /** The methods allowed on a path template, for a 405's {@code Allow} header. */
  public static List<String> methodsFor(String pathTemplate) {
    return ROUTES.stream()
        .filter(r -> r.path().equals(pathTemplate))
        .map(Endpoint::method)
        .toList();
  }

  /**
   * Matches a request against the table.
   *
   * @param method the request's HTTP method
   * @param rawPath the path as sent, still percent-encoded
   * @return the match, or empty when no template matches the path at all
   */
  public static Optional<RouteMatch> match(String method, String rawPath) {
    if (rawPath == null || !rawPath.startsWith("/")) {
      return Optional.empty();
    }
    // The path's segments after the leading '/', empty ones included, located without splitting.
    int segmentCount = 1;
    for (int i = 1; i < rawPath.length(); i++) {
      if (rawPath.charAt(i) == '/') {
        segmentCount++;
      }
    }
    for (Map.Entry<String, List<String>> template : SEGMENTS.entrySet()) {
      Map<String, String> params = bind(template.getValue(), rawPath, segmentCount);
      if (params != null) {
        String path = template.getKey();
        Endpoint endpoint = null;
        for (Endpoint e : ROUTES) {
          if (e.path().equals(path) && e.method().equals(method)) {
            endpoint = e;
            break;
          }
        }
        return Optional.of(new RouteMatch(path, endpoint, params));
      }
    }
    return Optional.empty();
  }

  /** The template's parameters bound from the path's segments, or null if it does not match. */
  private static Map<String, String> bind(List<String> expected, String rawPath, int count) {
    if (expected.size() != count) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    int from = 1;
    for (int i = 0; i < count; i++) {
      int slash = rawPath.indexOf('/', from);
      int to = slash < 0 ? rawPath.length() : slash;
      String want = expected.get(i);
      if (want.startsWith("{") && want.endsWith("}")) {
        if (to == from) {
          return null;
        }
        params.put(want.substring(1, want.length() - 1), rawPath.substring(from, to));
      } else if (!rawPath.regionMatches(from, want, 0, want.length())
          || want.length() != to - from) {
        return null;
      }
      from = to + 1;
    }
    return params;
  }

  /**
   * Decodes one percent-encoded path segment strictly: {@code +} stays a plus, malformed escapes
   * and invalid UTF-8 are rejected.
   *
   * @return the decoded text, or empty if the segment is not valid percent-encoded UTF-8
   */
  public static Optional<String> decodeSegment(String segment) {
    byte[] out = new byte[segment.length()];
    int n = 0;
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        if (i + 2 >= segment.length()) {
          return Optional.empty();
        }
        int hi = Character.digit(segment.charAt(i + 1), 16);
        int lo = Character.digit(segment.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return Optional.empty();
        }
        out[n++] = (byte) (hi << 4 | lo);
        i += 2;
      } else if (c < 0x80) {
        out[n++] = (byte) c;
      } else {
        // API Gateway delivers rawPath encoded; a raw non-ASCII character is re-encoded as UTF-8.
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (n + utf8.length > out.length) {
          out = java.util.Arrays.copyOf(out, out.length + utf8.length + 8);
        }
        System.arraycopy(utf8, 0, out, n, utf8.length);
        n += utf8.length;
      }
    }
    return Utf8.decodeStrict(out, n);
  }

  /** A path that matched a template; {@code endpoint} is null when the method is not allowed. */
  public record RouteMatch(
      String pathTemplate, Endpoint endpoint, Map<String, String> rawParameters) {

    /** Whether the method was one of the path's allowed methods. */
    public boolean methodAllowed() {
      return endpoint != null;
    }

    /** The route key API Gateway would report for this request. */
    public String routeKey(String method) {
      return endpoint != null ? endpoint.routeKey() : "ANY " + pathTemplate;
    }

    /** Allowed methods, for the {@code Allow} header. */
    public List<String> allowedMethods() {
      return new ArrayList<>(methodsFor(pathTemplate));
    }
  }
}
