package com.example.users.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.local.RawHttp.Header;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /openapi.yaml} and {@code /docs} over HTTP (the browser tests render them). */
class ApiDocsTests {

  private static LocalServer server;
  private static URI base;

  @BeforeAll
  static void start() {
    server = LocalServer.start(0, Optional.empty(), System.out);
    base = server.baseUrl();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void openApi_shouldBeTheRepositorysDocument_withTheLocalServerWhereThePageWasLoaded()
      throws Exception {
    String host = "127.0.0.1:" + base.getPort();
    var r = RawHttp.send(base, "GET", "/openapi.yaml", List.of(new Header("Host", host)), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("content-type")).contains("application/yaml; charset=utf-8");
    String original = Files.readString(Path.of("..", "..", "docs", "openapi.yaml"));
    assertThat(original).contains("- url: http://localhost:8080");
    assertThat(r.text())
        .isEqualTo(original.replace("- url: http://localhost:8080", "- url: http://" + host));
  }

  @Test
  void openApi_shouldNotEchoAForeignHost() throws Exception {
    var r =
        RawHttp.send(
            base, "GET", "/openapi.yaml", List.of(new Header("Host", "evil.example")), null);
    assertThat(r.text()).contains("- url: " + base).doesNotContain("evil.example");
  }

  @Test
  void docs_shouldServeSwaggerUiFromTheClassPath() throws Exception {
    var page = RawHttp.send(base, "GET", "/docs", List.of(), null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("content-type")).contains("text/html; charset=utf-8");
    assertThat(page.text()).contains("/docs/swagger-ui-bundle.js").doesNotContain("https://");
    var bundle = RawHttp.send(base, "GET", "/docs/swagger-ui-bundle.js", List.of(), null);
    assertThat(bundle.status()).isEqualTo(200);
    assertThat(bundle.body().length).isGreaterThan(100_000);
    var init = RawHttp.send(base, "GET", "/docs/init.js", List.of(), null);
    assertThat(new String(init.body(), StandardCharsets.UTF_8)).contains("/openapi.yaml");
    assertThat(RawHttp.send(base, "GET", "/docs/", List.of(), null).status()).isEqualTo(200);
  }

  @Test
  void anythingElse_shouldBeTheGateways404() throws Exception {
    for (String path : List.of("/docs/index.css", "/docs/../pom.xml", "/docs/x", "/openapi.json")) {
      var r = RawHttp.send(base, "GET", path, List.of(), null);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.text()).isEqualTo("{\"message\":\"Not Found\"}");
    }
    var post = RawHttp.send(base, "POST", "/docs", List.of(), new byte[0]);
    assertThat(post.status()).isEqualTo(404);
  }
}
