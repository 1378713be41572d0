package com.example.users.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.users.http.Endpoint;
import com.example.users.http.RouteTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local mode over real HTTP: the same handler, API Gateway's edge behaviour, persistence. */
class LocalServerIntegrationTests {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
  private static LocalServer server;

  @BeforeAll
  static void start() {
    server =
        LocalServer.start(0, Optional.empty(), new PrintStream(LOG, true, StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> send(LocalServer s, String method, String path, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.baseUrl() + path));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void curlSession_shouldWorkOverHttp() throws Exception {
    var created =
        send(server, "POST", "/users", "{\"username\":\"john\",\"email\":\"john@example.com\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("location")).contains("/users/john");
    assertThat(created.headers().firstValue("etag")).contains("\"1\"");
    assertThat(send(server, "GET", "/users/john", null).body())
        .contains("\"email\":\"john@example.com\"");
    var updated = send(server, "PUT", "/users/john", "{\"country\":\"US\",\"state\":\"WA\"}");
    assertThat(updated.statusCode()).isEqualTo(200);
    assertThat(updated.body()).contains("\"country\":\"US\"", "\"state\":\"WA\"", "\"version\":2");
    var deleted = send(server, "DELETE", "/users/john", null);
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();
    var gone = send(server, "GET", "/users/john", null);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.headers().firstValue("content-type")).contains("application/problem+json");
    assertThat(LOG.toString(StandardCharsets.UTF_8))
        .contains("\"route\":\"DELETE /users/{username}\"");
  }

  @Test
  void unmatchedPaths_shouldGetApiGatewaysOwn404_withoutReachingTheHandler() throws Exception {
    int before = LOG.size();
    var r = send(server, "GET", "/not-a-route", null);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).isEqualTo("{\"message\":\"Not Found\"}");
    assertThat(LOG.size()).isEqualTo(before);
    var wrongMethod = send(server, "PATCH", "/users/john", null);
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("allow"))
        .contains(
            String.join(
                ", ",
                RouteTable.routes().stream()
                    .filter(e -> e.path().equals("/users/{username}"))
                    .map(Endpoint::method)
                    .toList()));
  }

  /**
   * Over API Gateway's 10 MB the edge answers itself, as API Gateway does: its own 413 body, and
   * the handler (which would answer its own 413 problem above 64 KB) never sees the request.
   */
  @Test
  void payloadsOverApiGatewaysLimit_shouldGetTheEdges413_withoutReachingTheHandler()
      throws Exception {
    String huge =
        "{\"username\":\"big\",\"a\":\"" + "x".repeat(LocalServer.MAX_PAYLOAD_BYTES) + "\"}";
    int before = LOG.size();
    var r = send(server, "POST", "/users", huge);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).isEqualTo("{\"message\":\"Request Entity Too Large\"}");
    assertThat(LOG.size()).as("no request line: the handler was not called").isEqualTo(before);
  }

  @Test
  void aTakenPort_shouldBeAClearError() {
    int taken = server.baseUrl().getPort();
    assertThatThrownBy(() -> LocalServer.start(taken, Optional.empty(), System.out))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Port " + taken + " is already in use")
        .hasMessageContaining("--port");
  }

  @Test
  void dataDirectory_shouldKeepUsersAcrossRestarts(@TempDir Path dir) throws Exception {
    try (LocalServer first = LocalServer.start(0, Optional.of(dir), System.out)) {
      assertThat(send(first, "POST", "/users", "{\"username\":\"kept\",\"a\":1}").statusCode())
          .isEqualTo(201);
    }
    try (LocalServer second = LocalServer.start(0, Optional.of(dir), System.out)) {
      var r = send(second, "GET", "/users/kept", null);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"a\":1");
    }
  }

  @Test
  void options_shouldParsePortAndData_andRefuseNonsense() {
    assertThat(LocalServer.Options.parse(new String[0]).port()).isEqualTo(LocalServer.DEFAULT_PORT);
    var o = LocalServer.Options.parse(new String[] {"--port", "9000", "--data", "d"});
    assertThat(o.port()).isEqualTo(9000);
    assertThat(o.dataDirectory()).contains(Path.of("d"));
    assertThat(LocalServer.Options.parse(new String[] {"--help"}).help()).isTrue();
    assertThatThrownBy(() -> LocalServer.Options.parse(new String[] {"--port", "0"}))
        .hasMessageContaining("1 to 65535");
    assertThatThrownBy(() -> LocalServer.Options.parse(new String[] {"--port"}))
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> LocalServer.Options.parse(new String[] {"--bogus"}))
        .hasMessageContaining("unknown option");
  }
}
