package com.example.users.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.users.http.Endpoint;
import com.example.users.http.RouteTable;
import com.example.users.local.RawHttp.Header;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Local mode's CORS over HTTP, with one allowed origin: preflight and actual requests. */
class CorsTests {

  private static final String ALLOWED = "http://app.example:5173";
  private static final String OTHER = "http://evil.example";
  private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
  private static LocalServer server;
  private static URI base;

  @BeforeAll
  static void start() {
    server =
        LocalServer.start(
            0,
            Optional.empty(),
            new PrintStream(LOG, true, StandardCharsets.UTF_8),
            Cors.parse(ALLOWED));
    base = server.baseUrl();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static RawHttp.Response preflight(String path, String origin) throws Exception {
    return RawHttp.send(
        base,
        "OPTIONS",
        path,
        List.of(
            new Header("Origin", origin),
            new Header("Access-Control-Request-Method", "PUT"),
            new Header("Access-Control-Request-Headers", "content-type,if-match")),
        null);
  }

  @Test
  void preflightFromAnAllowedOrigin_shouldBeAnsweredByTheGateway_withTheRouteTablesMethods()
      throws Exception {
    int before = LOG.size();
    var r = preflight("/users/alice", ALLOWED);
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
    assertThat(r.header("access-control-allow-origin")).contains(ALLOWED);
    assertThat(r.header("access-control-allow-methods").orElseThrow().split(","))
        .containsExactlyElementsOf(
            RouteTable.routes().stream().map(Endpoint::method).distinct().toList());
    assertThat(r.header("access-control-allow-headers").orElseThrow().split(","))
        .contains("content-type", "if-match", "authorization")
        .containsExactlyElementsOf(RouteTable.CORS_ALLOW_HEADERS);
    assertThat(LOG.size()).as("the handler is not reached").isEqualTo(before);
  }

  @Test
  void preflightOnAnyPath_shouldNotReachARoute() throws Exception {
    var r = preflight("/anything", ALLOWED);
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.header("access-control-allow-origin")).contains(ALLOWED);
  }

  @Test
  void preflightFromAnotherOrigin_shouldGetNoCorsHeaders_soTheBrowserBlocksIt() throws Exception {
    var r = preflight("/users", OTHER);
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.headers()).noneMatch(h -> h.name().startsWith("access-control-"));
  }

  @Test
  void optionsWithoutPreflightHeaders_shouldStillReachTheRoutes_andGet405() throws Exception {
    var r = RawHttp.send(base, "OPTIONS", "/users", List.of(new Header("Origin", ALLOWED)), null);
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("allow")).contains("POST, GET");
    assertThat(r.header("access-control-allow-origin")).contains(ALLOWED);
  }

  @Test
  void actualRequestFromAnAllowedOrigin_shouldExposeETagAndLocation() throws Exception {
    var created =
        RawHttp.send(
            base,
            "POST",
            "/users",
            List.of(new Header("Origin", ALLOWED), new Header("Content-Type", "application/json")),
            "{\"username\":\"cors-user\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("access-control-allow-origin")).contains(ALLOWED);
    assertThat(created.header("access-control-expose-headers").orElseThrow().split(","))
        .contains("etag", "location")
        .containsExactlyElementsOf(RouteTable.CORS_EXPOSE_HEADERS);
    assertThat(created.count("access-control-allow-origin")).isEqualTo(1);
  }

  @Test
  void requestFromAnotherOrigin_shouldGetNoCorsHeaders() throws Exception {
    var r = RawHttp.send(base, "GET", "/users", List.of(new Header("Origin", OTHER)), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers()).noneMatch(h -> h.name().startsWith("access-control-"));
    var none = RawHttp.send(base, "GET", "/users", List.of(), null);
    assertThat(none.headers()).noneMatch(h -> h.name().startsWith("access-control-"));
  }

  @Test
  void withoutCors_aPreflightShouldReachTheRoutes_asOnAnHttpApiWithoutCors() throws Exception {
    try (LocalServer plain = LocalServer.start(0, Optional.empty(), System.out)) {
      var r =
          RawHttp.send(
              plain.baseUrl(),
              "OPTIONS",
              "/users",
              List.of(
                  new Header("Origin", ALLOWED),
                  new Header("Access-Control-Request-Method", "POST")),
              null);
      assertThat(r.status()).isEqualTo(405);
      assertThat(r.headers()).noneMatch(h -> h.name().startsWith("access-control-"));
    }
  }

  @Test
  void wildcard_shouldAllowAnyOrigin() {
    Cors any = Cors.parse("*");
    assertThat(any.responseHeaders(OTHER)).containsEntry("access-control-allow-origin", "*");
    assertThat(any.preflightHeaders(OTHER)).containsEntry("access-control-allow-origin", "*");
    assertThat(any.responseHeaders(null)).isEmpty();
  }

  @Test
  void origins_shouldBeParsedStrictly() {
    assertThat(Cors.parse("").enabled()).isFalse();
    assertThat(Cors.parse("  ").enabled()).isFalse();
    assertThat(Cors.parse("http://a.example, https://b.example:8443").origins())
        .containsExactly("http://a.example", "https://b.example:8443");
    assertThat(Cors.parse("http://127.0.0.1:3000,http://[::1]:3000").origins()).hasSize(2);
    for (String bad :
        List.of("a.example", "http://a.example/", "http://a.example/path", "ftp://a", "x,,y")) {
      assertThatThrownBy(() -> Cors.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("scheme://host[:port]");
    }
    assertThat(Cors.isCorsHeader("Access-Control-Allow-Origin")).isTrue();
    assertThat(Cors.isCorsHeader("etag")).isFalse();
  }

  @Test
  void options_shouldTakeOriginsFromTheFlag_orElseTheEnvironment() {
    Map<String, String> env = Map.of(LocalServer.Options.CORS_ENV, "http://env.example");
    assertThat(LocalServer.Options.parse(new String[0], env).cors().origins())
        .containsExactly("http://env.example");
    assertThat(
            LocalServer.Options.parse(new String[] {"--cors-origins", "http://flag.example"}, env)
                .cors()
                .origins())
        .containsExactly("http://flag.example");
    assertThat(LocalServer.Options.parse(new String[0]).cors().enabled()).isFalse();
    assertThatThrownBy(
            () -> LocalServer.Options.parse(new String[] {"--cors-origins", "nope"}, Map.of()))
        .hasMessageContaining("CORS origin");
  }

  @Test
  void banner_shouldLinkTheDocs_andSayWhetherCorsIsOn() {
    var on = LocalServer.Options.parse(new String[] {"--cors-origins", ALLOWED}, Map.of());
    assertThat(LocalServer.banner("http://localhost:8080", on))
        .contains("http://localhost:8080/docs", "http://localhost:8080/openapi.yaml")
        .contains("CORS: allowed for " + ALLOWED);
    var off = LocalServer.Options.parse(new String[0], Map.of());
    assertThat(LocalServer.banner("http://localhost:8080", off)).contains("CORS: off");
  }
}
