package com.example.users.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The handler's HTTP client against a loopback HTTP/1.1 server that records what reaches it: bodies
 * arrive whole with their length on one kept-alive connection, the JDK's 1 ms keep-alive probe is
 * not made (the bare URL-connection client, as a control, makes it), and a connection the server
 * closed is replaced without the request reaching the server twice.
 */
class BufferedBodyHttpClientTests {

  /** The logger the JDK's HTTP client writes its keep-alive probe's outcome to, at FINEST. */
  private static final Logger JDK_HTTP_LOG =
      Logger.getLogger("sun.net.www.protocol.http.HttpURLConnection");

  private static final HandlerConfig CONFIG = HandlerConfig.of("t", "us-east-1", Optional.empty());

  private final List<String> jdkLog = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          jdkLog.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private Level previousLevel;

  @BeforeEach
  void captureJdkHttpLog() {
    previousLevel = JDK_HTTP_LOG.getLevel();
    capture.setLevel(Level.ALL);
    JDK_HTTP_LOG.setLevel(Level.FINEST);
    JDK_HTTP_LOG.addHandler(capture);
  }

  @AfterEach
  void restoreJdkHttpLog() {
    JDK_HTTP_LOG.removeHandler(capture);
    JDK_HTTP_LOG.setLevel(previousLevel);
  }

  /** One request as the server read it. */
  private record Received(
      int connection, String requestLine, Map<String, String> headers, byte[] body) {}

  /**
   * Answers each request with 200 and {@code {"n":<request number>}}; after each response it closes
   * the connection without saying so, if asked to (as a server does with a connection idle too
   * long).
   */
  private static final class RecordingServer implements AutoCloseable {
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final ServerSocket socket;
    private final boolean closeAfterEachResponse;

    RecordingServer(boolean closeAfterEachResponse) throws IOException {
      this.closeAfterEachResponse = closeAfterEachResponse;
      this.socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(this::accept, "recording-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          int id = connections.getAndIncrement();
          Thread t = new Thread(() -> serve(s, id), "recording-connection-" + id);
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket s, int id) {
      try (s) {
        s.setTcpNoDelay(true);
        InputStream in = new BufferedInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        while (true) {
          String requestLine = line(in);
          if (requestLine == null) {
            return;
          }
          Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
          for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
          }
          int length = Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
          byte[] body = in.readNBytes(length);
          received.add(new Received(id, requestLine, headers, body));
          byte[] answer = ("{\"n\":" + received.size() + "}").getBytes(StandardCharsets.UTF_8);
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                      + answer.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.write(answer);
          out.flush();
          if (closeAfterEachResponse) {
            return;
          }
        }
      } catch (IOException | RuntimeException e) {
        failure.compareAndSet(null, e);
      }
    }

    /** A CRLF-terminated line, without it; null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
      StringBuilder b = new StringBuilder();
      for (int c = in.read(); c != -1; c = in.read()) {
        if (c == '\n') {
          return b.toString().strip();
        }
        b.append((char) c);
      }
      return b.length() == 0 ? null : b.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** A POST as the SDK hands it to its HTTP client: with the body's length as a header. */
  private static HttpExecuteRequest post(URI uri, byte[] body) {
    return HttpExecuteRequest.builder()
        .request(
            SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(uri)
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", "DynamoDB_20120810.GetItem")
                .putHeader("Content-Length", Integer.toString(body.length))
                .build())
        .contentStreamProvider(() -> new ByteArrayInputStream(body))
        .build();
  }

  private static String call(SdkHttpClient client, HttpExecuteRequest request) throws IOException {
    HttpExecuteResponse response = client.prepareRequest(request).call();
    assertThat(response.httpResponse().statusCode()).isEqualTo(200);
    try (InputStream body = response.responseBody().orElseThrow()) {
      return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private List<String> keepAliveProbes() {
    return jdkLog.stream().filter(m -> m != null && m.contains("HttpClient.available()")).toList();
  }

  @Test
  void bodiesArriveWholeWithTheirLength_onOneKeptAliveConnection() throws Exception {
    List<byte[]> bodies =
        List.of(
            "{\"TableName\":\"users\",\"Key\":{\"username\":{\"S\":\"ada\"}}}"
                .getBytes(StandardCharsets.UTF_8),
            "{\"name\":\"Zoë 東京 🚀\"}".getBytes(StandardCharsets.UTF_8),
            "x".repeat(300_000).getBytes(StandardCharsets.US_ASCII));
    try (RecordingServer server = new RecordingServer(false);
        SdkHttpClient client = DynamoDbClients.httpClient(CONFIG)) {
      List<String> answers = new ArrayList<>();
      for (byte[] body : bodies) {
        answers.add(call(client, post(server.uri(), body)));
      }

      assertThat(answers).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
      assertThat(server.received).hasSize(3);
      for (int i = 0; i < bodies.size(); i++) {
        Received r = server.received.get(i);
        assertThat(r.requestLine()).isEqualTo("POST / HTTP/1.1");
        assertThat(r.headers())
            .containsEntry("Content-Length", Integer.toString(bodies.get(i).length))
            .containsEntry("X-Amz-Target", "DynamoDB_20120810.GetItem")
            .doesNotContainKey("Transfer-Encoding");
        assertThat(r.body()).isEqualTo(bodies.get(i));
        assertThat(r.connection()).isZero();
      }
      assertThat(server.failure.get()).isNull();
    }
  }

  @Test
  void aPostOnAKeptAliveConnection_doesNotWaitForTheJdksKeepAliveProbe() throws Exception {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    try (RecordingServer server = new RecordingServer(false);
        SdkHttpClient client = DynamoDbClients.httpClient(CONFIG)) {
      for (int i = 0; i < 3; i++) {
        call(client, post(server.uri(), body));
      }
      assertThat(server.connections).hasValue(1);
    }
    assertThat(keepAliveProbes()).isEmpty();

    // The control: the bare URL-connection client streams the body, and the JDK probes the
    // kept-alive connection before each later POST (a 1 ms read time-out each).
    try (RecordingServer server = new RecordingServer(false);
        SdkHttpClient bare = UrlConnectionHttpClient.builder().build()) {
      for (int i = 0; i < 3; i++) {
        call(bare, post(server.uri(), body));
      }
    }
    assertThat(keepAliveProbes()).hasSize(2);
  }

  @Test
  void aConnectionTheServerClosed_isReplaced_andEachRequestReachesTheServerOnce() throws Exception {
    try (RecordingServer server = new RecordingServer(true);
        SdkHttpClient client = DynamoDbClients.httpClient(CONFIG)) {
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        answers.add(
            call(
                client,
                post(server.uri(), ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8))));
      }
      assertThat(answers).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}");
      assertThat(server.received)
          .extracting(r -> new String(r.body(), StandardCharsets.UTF_8))
          .containsExactly("{\"i\":0}", "{\"i\":1}", "{\"i\":2}", "{\"i\":3}");
      assertThat(server.connections).hasValue(4);
    }
  }

  @Test
  void onlyTheLengthHeaderIsTakenOff_andARequestWithoutOneIsPassedOnAsItIs() {
    List<HttpExecuteRequest> seen = new ArrayList<>();
    SdkHttpClient recording =
        new SdkHttpClient() {
          @Override
          public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            seen.add(request);
            return null;
          }

          @Override
          public String clientName() {
            return "Recording";
          }

          @Override
          public void close() {}
        };
    BufferedBodyHttpClient client = new BufferedBodyHttpClient(recording);
    HttpExecuteRequest post = post(URI.create("http://localhost/"), new byte[] {1, 2, 3});
    HttpExecuteRequest get =
        HttpExecuteRequest.builder()
            .request(
                SdkHttpFullRequest.builder()
                    .method(SdkHttpMethod.GET)
                    .uri(URI.create("http://localhost/x"))
                    .build())
            .build();

    client.prepareRequest(post);
    client.prepareRequest(get);

    Map<String, List<String>> sent = seen.get(0).httpRequest().headers();
    assertThat(sent.keySet().stream().map(k -> k.toLowerCase(Locale.ROOT)))
        .containsExactlyInAnyOrder("content-type", "x-amz-target");
    assertThat(seen.get(0).httpRequest().method()).isEqualTo(SdkHttpMethod.POST);
    assertThat(seen.get(0).contentStreamProvider().orElseThrow())
        .isSameAs(post.contentStreamProvider().orElseThrow());
    assertThat(seen.get(1)).isSameAs(get);
    assertThat(client.clientName()).isEqualTo("Recording");
  }
}
