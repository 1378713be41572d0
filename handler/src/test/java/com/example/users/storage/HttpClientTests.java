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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The handler's HTTP client (the SDK's Apache 5 client) against a loopback server that records what
 * reaches it: bodies arrive whole with their length on one kept-alive connection; a lost answer is
 * not sent again behind the SDK's back; after a pause a connection the server closed is replaced
 * before the request, with no failed attempt; and within a pause each request still reaches the
 * server once.
 */
class HttpClientTests {

  private static final HandlerConfig CONFIG = HandlerConfig.of("t", "us-east-1", Optional.empty());

  private static final String EMPTY_GET_ITEM = "{}";

  /** How long a pooled connection may idle before Apache's pool checks it. */
  private static final Duration VALIDATE_AFTER_IDLE = Duration.ofSeconds(2);

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
  void aLostAnswer_isNotSentAgainBehindTheSdksBack() throws Exception {
    // The second request arrives, then the connection is reset: a write may have applied. The
    // HTTP client must not send it again by itself (the SDK turns Apache's retries off), or the SDK
    // would count one attempt for two sends; the failure reaches the caller, and the server saw it
    // once.
    try (ScriptedHttpServer server =
            new ScriptedHttpServer(i -> i == 0 ? Reply.ok("{}") : Reply.reset());
        SdkHttpClient client = DynamoDbClients.httpClient(CONFIG)) {
      call(client, post(server.uri(), "{}".getBytes(StandardCharsets.UTF_8)));
      assertThatThrownBy(
              () -> call(client, post(server.uri(), "{}".getBytes(StandardCharsets.UTF_8))))
          .isInstanceOf(IOException.class);
      assertThat(server.received()).hasSize(2);
    }

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
  void afterAPause_theConnectionIsChecked_andOneTheServerClosedIsReplacedWithoutARetry()
      throws Exception {
    Attempts attempts = new Attempts();
    try (ScriptedHttpServer server =
            new ScriptedHttpServer(i -> Reply.ok(EMPTY_GET_ITEM).thenClose());
        DynamoDbClient client = dynamoDb(server.uri(), attempts)) {
      for (int i = 0; i < 3; i++) {
        awaitClosed(server, i);
        // Apache's pool checks a connection idle this long before lending it (its default, which
        // the SDK keeps): a SnapStart restore always comes after longer.
        Thread.sleep(VALIDATE_AFTER_IDLE.toMillis() + 100);
        getItem(client, "user-" + i);
      }
      // Each call after the pause found its pooled connection closed before sending and opened a
      // new one, so no attempt failed.
      assertThat(attempts.count).isEqualTo(3);
      assertThat(server.connections()).isEqualTo(3);
      assertThat(server.received()).hasSize(3);
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
      // Within the pause the pool lends a connection unchecked: each later call met it closed,
      // and the SDK sent the request again as an attempt of its own (or, where the pool had
      // already seen the close, none was needed). Either way nothing reached the server twice.
      assertThat(attempts.count).isBetween(3, 5);
    }
  }
}
