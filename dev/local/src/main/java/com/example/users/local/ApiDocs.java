package com.example.users.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The API's documentation in local mode: the OpenAPI document at {@code /openapi.yaml} and Swagger
 * UI at {@code /docs}, bundled from the {@code org.webjars:swagger-ui} jar on the class path, so it
 * works offline. These paths are local mode's only: the HTTP API has no routes for them.
 *
 * <p>The document's first server, {@code http://localhost:8080}, is rewritten to the address the
 * page was loaded from (a loopback {@code Host} only; anything else gets the server's own base
 * URL), so that "Try it out" calls this server on whatever port it runs.
 */
final class ApiDocs {

  /** Where {@code docs/openapi.yaml} is copied into the jar. */
  static final String OPENAPI = "/com/example/users/local/docs/openapi.yaml";

  private static final String OWN = "/com/example/users/local/docs/";
  private static final String DOCUMENTED_LOCAL_SERVER = "- url: http://localhost:8080";
  private static final Pattern LOOPBACK_HOST =
      Pattern.compile("(localhost|127\\.0\\.0\\.1|\\[::1]):[0-9]{1,5}");

  /** The files {@code /docs/...} serves, with their content types; nothing else is served. */
  private static final Map<String, String> ASSETS =
      Map.of(
          "swagger-ui.css", "text/css; charset=utf-8",
          "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
          "favicon-32x32.png", "image/png",
          "favicon-16x16.png", "image/png");

  private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

  private ApiDocs() {}

  /** One page or file of the docs. */
  record Page(String contentType, byte[] body) {}

  /**
   * The docs' answer to a request, or empty when the request is not for the docs.
   *
   * @param host the request's {@code Host} header, or null
   * @param base the server's own base URL
   */
  static Optional<Page> page(String method, String rawPath, String host, URI base) {
    if (!"GET".equals(method)) {
      return Optional.empty();
    }
    if (rawPath.equals("/openapi.yaml")) {
      String origin =
          host != null && LOOPBACK_HOST.matcher(host).matches()
              ? "http://" + host
              : base.toString();
      String text = new String(resource(OPENAPI), StandardCharsets.UTF_8);
      return Optional.of(
          new Page(
              "application/yaml; charset=utf-8",
              text.replace(DOCUMENTED_LOCAL_SERVER, "- url: " + origin)
                  .getBytes(StandardCharsets.UTF_8)));
    }
    if (rawPath.equals("/docs") || rawPath.equals("/docs/")) {
      return Optional.of(new Page("text/html; charset=utf-8", resource(OWN + "index.html")));
    }
    if (rawPath.equals("/docs/init.js")) {
      return Optional.of(new Page("text/javascript; charset=utf-8", resource(OWN + "init.js")));
    }
    if (rawPath.startsWith("/docs/")) {
      String name = rawPath.substring("/docs/".length());
      String type = ASSETS.get(name);
      if (type != null) {
        return Optional.of(new Page(type, resource(SwaggerUi.DIRECTORY + name)));
      }
    }
    return Optional.empty();
  }

  private static byte[] resource(String path) {
    return CACHE.computeIfAbsent(
        path,
        p -> {
          try (InputStream in = ApiDocs.class.getResourceAsStream(p)) {
            if (in == null) {
              throw new IllegalStateException("missing from the class path: " + p);
            }
            return in.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** Where the Swagger UI webjar keeps its files: the directory is named after its version. */
  private static final class SwaggerUi {
    static final String DIRECTORY = "/META-INF/resources/webjars/swagger-ui/" + version() + "/";

    private static String version() {
      try (InputStream in =
          ApiDocs.class.getResourceAsStream(
              "/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
        if (in == null) {
          throw new IllegalStateException("the swagger-ui webjar is not on the class path");
        }
        java.util.Properties p = new java.util.Properties();
        p.load(in);
        return p.getProperty("version");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
