package com.example.users.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.users.config.HandlerConfig;
import com.example.users.testing.ScriptedHttpServer;
import com.example.users.testing.ScriptedHttpServer.Received;
import com.example.users.testing.ScriptedHttpServer.Reply;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The handler's HTTP client against a loopback server that records what reaches it: bodies arrive
 * whole with their length on one kept-alive connection; the JDK's 1 ms keep-alive probe is not made
 * (the bare URL-connection client, as a control, makes it); a lost answer is not sent again behind
 * the SDK's back; a connection the server closed is replaced, and each request reaches the server
 * once.
 */
class BufferedBodyHttpClientTests {

  /** The logger the JDK's HTTP client writes its keep-alive probe's outcome to, at FINEST. */
  private static final Logger JDK_HTTP_LOG =
      Logger.getLogger("sun.net.www.protocol.http.HttpURLConnection");

  private static final HandlerConfig CONFIG = HandlerConfig.of("t", "us-east-1", Optional.empty());

  private static final String EMPTY_GET_ITEM = "{}";

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

  /** Counts the SDK's attempts (HTTP sends it knows of). */
  private static final class Attempts implements ExecutionInterceptor {
    int count;

    @Override
    public void beforeTransmission(Context.BeforeTransmission c, ExecutionAttributes a) {
      count++;
    }
  }

  private static DynamoDbClient dynamoDb(URI endpoint, Attempts attempts) {
    HandlerConfig config = HandlerConfig.of("users", "us-east-1", Optional.of(endpoint));
    return DynamoDbClients.create(config, DynamoDbClients.localCredentials(), List.of(attempts));
  }

  private static void getItem(DynamoDbClient client, String username) {
    client.getItem(
        b -> b.tableName("users").key(Map.of("username", AttributeValue.fromS(username))));
  }

  @Test
  void bodiesArriveWholeWithTheirLength_onOneKeptAliveConnection() throws Exception {
    List<byte[]> bodies =
        List.of(
            "{\"TableName\":\"users\",\"Key\":{\"username\":{\"S\":\"ada\"}}}"
                .getBytes(StandardCharsets.UTF_8),
            "{\"name\":\"Zoë 東京 🚀\"}".getBytes(StandardCharsets.UTF_8),
            "x".repeat(300_000).getBytes(StandardCharsets.US_ASCII));
    try (ScriptedHttpServer server = new ScriptedHttpServer(i -> Reply.ok("{\"n\":" + i + "}"));
        SdkHttpClient client = DynamoDbClients.httpClient(CONFIG)) {
      List<String> answers = new ArrayList<>();
      for (byte[] body : bodies) {
        answers.add(call(client, post(server.uri(), body)));
      }

      assertThat(answers).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
      List<Received> received = server.received();
      assertThat(received).hasSize(3);
      for (int i = 0; i < bodies.size(); i++) {
        Received r = received.get(i);
        assertThat(r.requestLine()).isEqualTo("POST / HTTP/1.1");
        assertThat(r.headers())
            .containsEntry("Content-Length", Integer.toString(bodies.get(i).length))
            .containsEntry("X-Amz-Target", "DynamoDB_20120810.GetItem")
            .doesNotContainKey("Transfer-Encoding");
        assertThat(r.body()).isEqualTo(bodies.get(i));
        assertThat(r.connection()).isZero();
      }
      assertThat(server.failure()).isNull();
    }
  }

  @Test
  void aPostOnAKeptAliveConnection_doesNotWaitForTheJdksKeepAliveProbe() throws Exception {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    try (ScriptedHttpServer server = new ScriptedHttpServer(i -> Reply.ok("{}"));
        SdkHttpClient client = DynamoDbClients.httpClient(CONFIG)) {
      for (int i = 0; i < 3; i++) {
        call(client, post(server.uri(), body));
      }
      assertThat(server.connections()).isEqualTo(1);
    }
    assertThat(keepAliveProbes()).isEmpty();

    // The control: the bare URL-connection client streams the body, and the JDK probes the
    // kept-alive connection before each later POST (a 1 ms read time-out each).
    try (ScriptedHttpServer server = new ScriptedHttpServer(i -> Reply.ok("{}"));
        SdkHttpClient bare = UrlConnectionHttpClient.builder().build()) {
      for (int i = 0; i < 3; i++) {
        call(bare, post(server.uri(), body));
      }
    }
    assertThat(keepAliveProbes()).hasSize(2);
  }

  @Test
  void aLostAnswer_isNotSentAgainBehindTheSdksBack() throws Exception {
    // The second request arrives, then the connection is reset: a write may have applied. The
    // JDK must not send it again by itself (sun.net.http.retryPost=false), or the SDK would count
    // one attempt for two sends; the failure reaches the caller, and the server saw it once.
    try (ScriptedHttpServer server =
            new ScriptedHttpServer(i -> i == 0 ? Reply.ok("{}") : Reply.reset());
        SdkHttpClient client = DynamoDbClients.httpClient(CONFIG)) {
      call(client, post(server.uri(), "{}".getBytes(StandardCharsets.UTF_8)));
      assertThatThrownBy(
              () -> call(client, post(server.uri(), "{}".getBytes(StandardCharsets.UTF_8))))
          .isInstanceOf(IOException.class);
      assertThat(server.received()).hasSize(2);
    }
    assertThat(System.getProperty(DynamoDbClients.RETRY_POST)).isEqualTo("false");

    // Through the SDK: its retry is an attempt it counts (which is what lets the repository tell
    // a re-sent write from a first one).
    Attempts attempts = new Attempts();
    try (ScriptedHttpServer server =
            new ScriptedHttpServer(i -> i == 1 ? Reply.reset() : Reply.ok(EMPTY_GET_ITEM));
        DynamoDbClient client = dynamoDb(server.uri(), attempts)) {
      getItem(client, "ada");
      getItem(client, "bob");
      assertThat(server.received()).hasSize(3);
      assertThat(attempts.count).isEqualTo(3);
    }
  }

  @Test
  void afterAPause_theConnectionIsProbed_andOneTheServerClosedIsReplacedWithoutARetry()
      throws Exception {
    AtomicLong clock = new AtomicLong(1_000_000);
    Attempts attempts = new Attempts();
    try (ScriptedHttpServer server =
            new ScriptedHttpServer(i -> Reply.ok(EMPTY_GET_ITEM).thenClose());
        DynamoDbClient client =
            DynamoDbClients.create(
                HandlerConfig.of("users", "us-east-1", Optional.of(server.uri())),
                DynamoDbClients.localCredentials(),
                List.of(attempts),
                new BufferedBodyHttpClient(
                    UrlConnectionHttpClient.builder().build(), clock::get))) {
      for (int i = 0; i < 3; i++) {
        awaitClosed(server, i);
        clock.addAndGet(BufferedBodyHttpClient.PROBE_AFTER_IDLE.toMillis());
        getItem(client, "user-" + i);
      }
      // Each call after the pause went streamed: the JDK probed the kept-alive connection, found
      // it closed and opened a new one before sending, so no attempt failed.
      assertThat(attempts.count).isEqualTo(3);
      assertThat(server.connections()).isEqualTo(3);
      assertThat(server.received()).hasSize(3);
      assertThat(keepAliveProbes()).hasSize(2);
    }
  }

  /** Waits (at most 10 s) until the server has closed {@code n} connections. */
  private static void awaitClosed(ScriptedHttpServer server, int n) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (server.closed() < n && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(server.closed()).isGreaterThanOrEqualTo(n);
  }

  @Test
  void aConnectionTheServerClosed_isReplaced_andEachRequestReachesTheServerOnce() throws Exception {
    Attempts attempts = new Attempts();
    try (ScriptedHttpServer server =
            new ScriptedHttpServer(i -> Reply.ok(EMPTY_GET_ITEM).thenClose());
        DynamoDbClient client = dynamoDb(server.uri(), attempts)) {
      for (int i = 0; i < 3; i++) {
        getItem(client, "user-" + i);
      }
      assertThat(server.received().stream().map(r -> r.text().replaceAll(".*(user-\\d).*", "$1")))
          .containsExactly("user-0", "user-1", "user-2");
      assertThat(server.connections()).isEqualTo(3);
      // Each later call met the connection closed. Where writing the request already failed, the
      // JDK wrote it again on a new connection (nothing had reached the server); where only
      // reading the answer failed, the SDK sent it again as a second attempt. Which one happens
      // depends on when the server's reset arrives; either way nothing reached it twice.
      assertThat(attempts.count).isBetween(3, 5);
    }
  }

  @Test
  void theLengthHeaderIsTakenOff_onlyWithinAPause_andARequestWithoutOneIsPassedOnAsItIs() {
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
    AtomicLong clock = new AtomicLong(1_000_000);
    BufferedBodyHttpClient client = new BufferedBodyHttpClient(recording, clock::get);
    long pause = BufferedBodyHttpClient.PROBE_AFTER_IDLE.toMillis();
    HttpExecuteRequest post = post(URI.create("http://localhost/"), new byte[] {1, 2, 3});
    HttpExecuteRequest get =
        HttpExecuteRequest.builder()
            .request(
                SdkHttpFullRequest.builder()
                    .method(SdkHttpMethod.GET)
                    .uri(URI.create("http://localhost/x"))
                    .build())
            .build();

    client.prepareRequest(post); // the first request: nothing to probe, passed on as it is
    clock.addAndGet(pause - 1);
    client.prepareRequest(post); // within the pause: buffered
    clock.addAndGet(pause);
    client.prepareRequest(post); // after a pause: streamed, so the JDK probes the connection
    client.prepareRequest(get);

    assertThat(seen.get(0)).isSameAs(post);
    assertThat(seen.get(2)).isSameAs(post);
    assertThat(seen.get(3)).isSameAs(get);
    HttpExecuteRequest buffered = seen.get(1);
    Map<String, List<String>> sent = buffered.httpRequest().headers();
    assertThat(sent.keySet().stream().map(k -> k.toLowerCase(Locale.ROOT)))
        .containsExactlyInAnyOrder("content-type", "x-amz-target");
    assertThat(buffered.httpRequest().method()).isEqualTo(SdkHttpMethod.POST);
    assertThat(buffered.httpRequest().getUri()).isEqualTo(post.httpRequest().getUri());
    assertThat(buffered.contentStreamProvider().orElseThrow())
        .isSameAs(post.contentStreamProvider().orElseThrow());
    assertThat(client.clientName()).isEqualTo("Recording");
  }
}
