package com.example.users.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.config.HandlerConfig;
import com.example.users.storage.DynamoDbClients;
import com.example.users.testing.DynaliteExtension;
import com.example.users.testing.HandlerClient;
import com.example.users.testing.HandlerClient.Response;
import com.example.users.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;

/** DynamoDB failures become 503/504 problems without internals, inside the time budget. */
@ExtendWith(DynaliteExtension.class)
class StorageFaultIntegrationTests {

  /** Answers every DynamoDB request with a throttling error, as the service does. */
  static final class Throttle implements ExecutionInterceptor {
    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse c, ExecutionAttributes a) {
      return c.httpResponse().toBuilder()
          .statusCode(400)
          .putHeader("x-amzn-ErrorType", "ProvisionedThroughputExceededException")
          .build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(
        Context.ModifyHttpResponse c, ExecutionAttributes a) {
      return Optional.of(
          new ByteArrayInputStream(
              ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
                      + "\"message\":\"The level of configured provisioned throughput for the table was exceeded\"}")
                  .getBytes(StandardCharsets.UTF_8)));
    }
  }

  /**
   * Loses the response of each call's first attempt after DynamoDB has applied it, as a network
   * time-out does, so that the SDK retries a write that already happened.
   */
  static final class LoseFirstResponse implements ExecutionInterceptor {
    private static final software.amazon.awssdk.core.interceptor.ExecutionAttribute<Boolean> LOST =
        new software.amazon.awssdk.core.interceptor.ExecutionAttribute<>("lost-first-response");
    final java.util.concurrent.atomic.AtomicInteger sent =
        new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void beforeTransmission(Context.BeforeTransmission c, ExecutionAttributes a) {
      sent.incrementAndGet();
    }

    @Override
    public void afterTransmission(Context.AfterTransmission c, ExecutionAttributes a) {
      if (a.getAttribute(LOST) == null) {
        a.putAttribute(LOST, true);
        throw software.amazon.awssdk.core.exception.SdkClientException.create(
            "response lost", new java.io.IOException("connection reset"));
      }
    }
  }

  /**
   * Holds the answer of each call's first attempt after DynamoDB has applied it, longer than the
   * configured attempt time-out, as a slow network does.
   */
  static final class SlowFirstAnswer implements ExecutionInterceptor {
    private static final software.amazon.awssdk.core.interceptor.ExecutionAttribute<Boolean> SLOW =
        new software.amazon.awssdk.core.interceptor.ExecutionAttribute<>("slow-first-answer");
    final java.util.concurrent.atomic.AtomicInteger sent =
        new java.util.concurrent.atomic.AtomicInteger();
    private final Duration delay;

    SlowFirstAnswer(Duration delay) {
      this.delay = delay;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission c, ExecutionAttributes a) {
      sent.incrementAndGet();
    }

    @Override
    public void afterTransmission(Context.AfterTransmission c, ExecutionAttributes a) {
      if (a.getAttribute(SLOW) == null) {
        a.putAttribute(SLOW, true);
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw software.amazon.awssdk.core.exception.SdkClientException.create("interrupted", e);
        }
      }
    }
  }

  private static final Map<String, String> JSON = Map.of("content-type", "application/json");

  private static Map<String, String> ifMatch(String tag) {
    return Map.of("content-type", "application/json", "if-match", tag);
  }

  @Test
  void writesWhoseFirstAnswerIsLost_shouldReportOnlyWhatTheyCanProve(HandlerConfig config) {
    HandlerClient setup =
        new HandlerClient(new ApiHandler(config, DynamoDbClients.localCredentials(), List.of()));
    LoseFirstResponse lose = new LoseFirstResponse();
    HandlerClient client =
        new HandlerClient(
            new ApiHandler(config, DynamoDbClients.localCredentials(), List.of(lose)));

    Response created = client.send("POST", "/users", "{\"username\":\"retry\",\"a\":1}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(lose.sent.get()).as("the SDK re-sent the create").isEqualTo(2);
    assertThat(setup.send("GET", "/users/retry").json()).isEqualTo(created.json());
    assertThat(created.body()).doesNotContain("_writeToken");

    lose.sent.set(0);
    Response updated = client.send("PUT", "/users/retry", "", "{\"a\":2}", JSON);
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(lose.sent.get()).as("the SDK re-sent the update").isEqualTo(2);
    assertThat(updated.json().get("version").getAsInt())
        .as("one request, one version step, although DynamoDB received it twice")
        .isEqualTo(2);
    assertThat(setup.send("GET", "/users/retry").json()).isEqualTo(updated.json());

    lose.sent.set(0);
    Response matched = client.send("PUT", "/users/retry", "", "{\"a\":3}", ifMatch("\"2\""));
    assertThat(matched.status()).as(matched.body()).isEqualTo(200);
    assertThat(lose.sent.get()).isEqualTo(2);
    assertThat(matched.json().get("version").getAsInt()).isEqualTo(3);
    assertThat(setup.send("GET", "/users/retry").json()).isEqualTo(matched.json());

    lose.sent.set(0);
    Response deleted = client.send("DELETE", "/users/retry");
    assertThat(lose.sent.get()).isEqualTo(2);
    assertThat(deleted.status())
        .as("a re-sent delete that finds the user gone cannot tell its own work from another's")
        .isEqualTo(504);
    assertThat(deleted.json().get("type").getAsString())
        .isEqualTo("urn:user-api:problem:storage-timeout");
    assertThat(setup.send("GET", "/users/retry").status()).isEqualTo(404);
  }

  @Test
  void aRetriedWrite_shouldNeverClaimSuccess_whenTheStoredUserIsSomebodyElses(
      HandlerConfig config) {
    HandlerClient setup =
        new HandlerClient(new ApiHandler(config, DynamoDbClients.localCredentials(), List.of()));
    setup.send("POST", "/users", "{\"username\":\"taken\",\"owner\":\"first\"}");
    Response before = setup.send("GET", "/users/taken");
    HandlerClient client =
        new HandlerClient(
            new ApiHandler(
                config, DynamoDbClients.localCredentials(), List.of(new LoseFirstResponse())));
    // Neither answer proves what the lost first attempt did: the documented 504, never a 201/200.
    assertThat(
            client.send("POST", "/users", "{\"username\":\"taken\",\"owner\":\"second\"}").status())
        .isEqualTo(504);
    assertThat(client.send("PUT", "/users/taken", "", "{\"a\":1}", ifMatch("\"7\"")).status())
        .isEqualTo(504);
    assertThat(setup.send("GET", "/users/taken").json()).isEqualTo(before.json());
  }

  /**
   * A write whose first answer is slower than the attempt time-out is waited for, not sent again:
   * it is applied once and reports its own outcome, whether create, update or delete.
   */
  @Test
  void writesWithASlowFirstAnswer_shouldBeAwaited_notSentAgain(HandlerConfig config) {
    HandlerConfig tight =
        new HandlerConfig(
            config.tableName(),
            config.region(),
            config.endpoint(),
            Duration.ofSeconds(20),
            Duration.ofMillis(300),
            3);
    HandlerClient setup =
        new HandlerClient(new ApiHandler(config, DynamoDbClients.localCredentials(), List.of()));
    SlowFirstAnswer slow = new SlowFirstAnswer(Duration.ofMillis(1200));
    HandlerClient client =
        new HandlerClient(new ApiHandler(tight, DynamoDbClients.localCredentials(), List.of(slow)));

    Response created = client.send("POST", "/users", "{\"username\":\"slow\",\"a\":1}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(slow.sent.get()).as("sent once").isEqualTo(1);

    slow.sent.set(0);
    Response updated = client.send("PUT", "/users/slow", "", "{\"a\":2}", JSON);
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(slow.sent.get()).isEqualTo(1);
    assertThat(updated.json().get("version").getAsInt()).isEqualTo(2);

    slow.sent.set(0);
    Response matched = client.send("PUT", "/users/slow", "", "{\"a\":3}", ifMatch("\"2\""));
    assertThat(matched.status()).as(matched.body()).isEqualTo(200);
    assertThat(slow.sent.get()).isEqualTo(1);
    assertThat(matched.json().get("version").getAsInt()).isEqualTo(3);
    assertThat(setup.send("GET", "/users/slow").json()).isEqualTo(matched.json());

    slow.sent.set(0);
    assertThat(client.send("DELETE", "/users/slow").status()).isEqualTo(204);
    assertThat(slow.sent.get()).isEqualTo(1);
    assertThat(setup.send("GET", "/users/slow").status()).isEqualTo(404);
  }

  @Test
  void aSlowDatabase_shouldGive504_beforeTheInvocationRunsOutOfTime(HandlerConfig config)
      throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // The configured budget alone (20 s) would outlast the invocation's 2 s.
      HandlerConfig generous =
          new HandlerConfig(
              config.tableName(),
              "us-east-1",
              Optional.of(URI.create("http://127.0.0.1:" + silent.getLocalPort())),
              Duration.ofSeconds(20),
              Duration.ofSeconds(20),
              3);
      HandlerClient client =
          new HandlerClient(
              new ApiHandler(generous, DynamoDbClients.localCredentials(), List.of()));
      for (String method : List.of("GET", "PUT", "DELETE")) {
        TestContext context = new TestContext(2_000);
        long start = System.nanoTime();
        Response r =
            client.sendEvent(
                HandlerClient.event(
                    method,
                    "/users/john",
                    "",
                    method.equals("PUT") ? "{\"a\":1}" : null,
                    false,
                    JSON),
                context);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.status()).as(method).isEqualTo(504);
        assertNoInternals(r);
        assertThat(tookMs)
            .as("bounded by the remaining time less the margin, with slack for a busy machine")
            .isLessThan(8_000);
        assertThat(context.logLines())
            .as("the request is logged")
            .anyMatch(l -> l.contains("\"status\":504"));
      }
    }
  }

  @Test
  void noTimeLeft_shouldGive504_withoutCallingDynamoDb(HandlerConfig config) {
    HandlerClient client =
        new HandlerClient(new ApiHandler(config, DynamoDbClients.localCredentials(), List.of()));
    TestContext context = new TestContext((int) ApiHandler.RESPONSE_MARGIN.toMillis() - 100);
    Response r =
        client.sendEvent(HandlerClient.event("GET", "/users/john", "", null, false, JSON), context);
    assertThat(r.status()).isEqualTo(504);
    assertThat(context.logLines()).anyMatch(l -> l.contains("\"dynamodbCalls\":0"));
  }

  private static void assertNoInternals(Response r) {
    assertThat(r.header("content-type")).isEqualTo("application/problem+json");
    assertThat(r.body())
        .doesNotContain("Exception")
        .doesNotContain("software.amazon")
        .doesNotContain("127.0.0.1")
        .doesNotContain("users-test");
    assertThat(r.json().get("requestId").getAsString()).isNotBlank();
  }

  @Test
  void throttling_shouldGive503WithRetryAfter(HandlerConfig config) {
    HandlerClient client =
        new HandlerClient(
            new ApiHandler(config, DynamoDbClients.localCredentials(), List.of(new Throttle())));
    Response r = client.send("GET", "/users/john");
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.header("retry-after")).isEqualTo("1");
    assertNoInternals(r);
    assertThat(client.lastContext().logLines())
        .anyMatch(l -> l.contains("ProvisionedThroughputExceededException"));
  }

  @Test
  void anUnreachableDatabase_shouldGive503(HandlerConfig config) throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    HandlerConfig unreachable =
        new HandlerConfig(
            config.tableName(),
            "us-east-1",
            Optional.of(URI.create("http://127.0.0.1:" + closedPort)),
            Duration.ofMillis(1500),
            Duration.ofMillis(500),
            2);
    HandlerClient client =
        new HandlerClient(
            new ApiHandler(unreachable, DynamoDbClients.localCredentials(), List.of()));
    Response r = client.send("POST", "/users", "{\"username\":\"x\"}");
    assertThat(r.status()).isEqualTo(503);
    assertNoInternals(r);
  }

  @Test
  void aDatabaseThatNeverAnswers_shouldGive504WithinTheBudget(HandlerConfig config)
      throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      HandlerConfig slow =
          new HandlerConfig(
              config.tableName(),
              "us-east-1",
              Optional.of(URI.create("http://127.0.0.1:" + silent.getLocalPort())),
              Duration.ofMillis(900),
              Duration.ofMillis(300),
              3);
      HandlerClient client =
          new HandlerClient(new ApiHandler(slow, DynamoDbClients.localCredentials(), List.of()));
      long start = System.nanoTime();
      Response r = client.send("GET", "/users/john");
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(r.status()).isEqualTo(504);
      assertNoInternals(r);
      assertThat(tookMs)
          .as("bounded by the call timeout, with slack for a busy machine")
          .isLessThan(5_000);
    }
  }
}
