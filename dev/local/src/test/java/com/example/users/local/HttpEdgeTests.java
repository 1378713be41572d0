package com.example.users.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.http.RouteTable;
import com.example.users.local.RawHttp.Header;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Local mode's HTTP edge over raw sockets: what the JDK's built-in server used to answer itself
 * with HTML naming a Java exception (or with a 200 where RFC 9112 requires a 400) now gets API
 * Gateway's JSON {@code 400}, and the handler is never reached.
 */
class HttpEdgeTests {

  private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
  private static LocalServer server;
  private static URI base;

  @BeforeAll
  static void start() {
    server =
        LocalServer.start(0, Optional.empty(), new PrintStream(LOG, true, StandardCharsets.UTF_8));
    base = server.baseUrl();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Arguments> malformed() {
    String host = "Host: localhost\r\n";
    return Stream.of(
        Arguments.of("GET /users/x% HTTP/1.1\r\n" + host + "\r\n"),
        Arguments.of("GET /users/x%zz HTTP/1.1\r\n" + host + "\r\n"),
        Arguments.of("GET /users?limit=%zz HTTP/1.1\r\n" + host + "\r\n"),
        Arguments.of("GET /users/x%2 HTTP/1.1\r\n" + host + "\r\n"),
        Arguments.of("GET /users/a|b HTTP/1.1\r\n" + host + "\r\n"),
        Arguments.of("GET /users/a\"b HTTP/1.1\r\n" + host + "\r\n"),
        Arguments.of("GET /users?x=<script> HTTP/1.1\r\n" + host + "\r\n"),
        Arguments.of(
            "POST /users HTTP/1.1\r\n"
                + host
                + "Content-Type: application/json\r\nContent-Length: abc\r\n\r\n{}"),
        Arguments.of(
            "POST /users HTTP/1.1\r\n"
                + host
                + "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}"),
        Arguments.of("GET /users/john HTTP/1.1\r\n\r\n"),
        Arguments.of("GET /users/john HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
        Arguments.of("GET /users/john HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n"),
        Arguments.of("GET /users/john HTTP/1.1\r\nHost: localhost\r\n folded: x\r\n\r\n"),
        Arguments.of(
            "PUT /users/john HTTP/1.1\r\nHost: localhost\r\nIf-Match: \"1\u0000\"\r\n\r\n"),
        Arguments.of("DELETE /users/john%00 HTTP/1.1\r\nHost: localhost\r\n\r\n"));
  }

  @ParameterizedTest(name = "{index} {0}")
  @MethodSource("malformed")
  void malformedRequest_shouldGetApiGatewaysJson400_neverHtmlOrAnExceptionName(String request)
      throws Exception {
    int before = LOG.size();
    String response = exchange(request);
    String head = response.substring(0, response.indexOf("\r\n\r\n"));
    String body = response.substring(response.indexOf("\r\n\r\n") + 4);
    assertThat(head).startsWith("HTTP/1.1 400 ");
    assertThat(head.toLowerCase()).contains("content-type: application/json");
    assertThat(body).isEqualTo("{\"message\":\"Bad Request\"}");
    assertThat(response).doesNotContainIgnoringCase("html").doesNotContain("Exception");
    ApiProbe.INTERNALS.forEach(word -> assertThat(response).doesNotContain(word));
    assertThat(LOG.size()).as("the handler must not be reached").isEqualTo(before);
  }

  @Test
  void wellFormedRequest_shouldStillReachTheHandler_withItsHeadersAsSent() throws Exception {
    var created =
        RawHttp.send(
            base,
            "POST",
            "/users",
            List.of(new Header("Content-Type", "application/json")),
            "{\"username\":\"edge\",\"email\":\"e@example.com\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("location")).contains("/users/edge");
    assertThat(created.header("etag")).contains("\"1\"");
    assertThat(created.header("content-type")).contains("application/json");
    // The edge adds nothing that names the server.
    assertThat(created.header("server")).isEmpty();
    assertThat(created.header("x-powered-by")).isEmpty();
    String head = exchange("HEAD /users/edge HTTP/1.1\r\nHost: localhost\r\n\r\n");
    // A HEAD gets no body whatever its answer: the handler's own (if the route table has HEAD on
    // the path) or its 405.
    boolean headIsARoute =
        RouteTable.routes().stream().anyMatch(r -> r.routeKey().equals("HEAD /users/{username}"));
    assertThat(head)
        .startsWith(headIsARoute ? "HTTP/1.1 200 " : "HTTP/1.1 405 ")
        .endsWith("\r\n\r\n");
  }

  @Test
  void anInvalidTargetOnAnUnknownPath_shouldAlsoBeJson400() throws Exception {
    var r = RawHttp.send(base, "GET", "/nowhere/%zz", List.of(), null);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).isEqualTo("{\"message\":\"Bad Request\"}");
  }

  @Test
  void aHeadTooLarge_shouldGetAJsonAnswer() throws Exception {
    var r =
        RawHttp.send(
            base, "GET", "/users", List.of(new Header("X-Big", "x".repeat(100_000))), null);
    assertThat(r.status()).isEqualTo(431);
    assertThat(r.header("content-type")).contains("application/json");
    assertThat(r.text()).isEqualTo("{\"message\":\"Request Header Fields Too Large\"}");
  }

  @Test
  void aChunkedBody_shouldReachTheHandlerWhole() throws Exception {
    String json = "{\"username\":\"chunked\",\"email\":\"chunked@example.com\"}";
    String body =
        "a\r\n"
            + json.substring(0, 10)
            + "\r\n"
            + Integer.toHexString(json.length() - 10)
            + "\r\n"
            + json.substring(10)
            + "\r\n0\r\n\r\n";
    String response =
        exchange(
            "POST /users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n"
                + body);
    assertThat(response).startsWith("HTTP/1.1 201 ");
    assertThat(RawHttp.send(base, "GET", "/users/chunked", List.of(), null).text())
        .contains("\"email\":\"chunked@example.com\"");
  }

  @Test
  void aPostWithNeitherLengthNorChunking_hasNoBody_asRfc9112Says() throws Exception {
    // RFC 9112, section 6.3: such a request's body is empty, whatever bytes follow its head
    // (here they would be read as a next request, and are not a valid one).
    String response =
        exchange(
            "POST /users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\r\n");
    String withBytesAfter =
        exchange(
            "POST /users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\r\n"
                + "{\"username\":\"ghost\"}");
    assertThat(response).startsWith("HTTP/1.1 400 ").contains("body");
    assertThat(withBytesAfter).startsWith("HTTP/1.1 400 ").contains("body");
    assertThat(RawHttp.send(base, "GET", "/users/ghost", List.of(), null).status()).isEqualTo(404);
  }

  private static String exchange(String request) throws IOException {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      socket.shutdownOutput();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
