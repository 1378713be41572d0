package com.example.users.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.config.DynamoDbClients;
import com.example.users.config.HandlerConfig;
import com.example.users.testing.DynamoDbLocalExtension;
import com.example.users.testing.HandlerClient;
import com.example.users.testing.HandlerClient.Response;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;

/** DynamoDB failures become 503/504 problems without internals, inside the time budget. */
@ExtendWith(DynamoDbLocalExtension.class)
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

  @Test
  void writesWhoseFirstResponseIsLost_shouldStillReportTheirOwnSuccess(HandlerConfig config) {
    HandlerClient setup =
        new HandlerClient(new ApiHandler(config, DynamoDbClients.localCredentials(), List.of()));
    LoseFirstResponse lose = new LoseFirstResponse();
    HandlerClient client =
        new HandlerClient(
            new ApiHandler(config, DynamoDbClients.localCredentials(), List.of(lose)));

    Response created = client.send("POST", "/users", "{\"username\":\"retry\",\"a\":1}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(lose.sent.get()).as("the SDK retried").isEqualTo(2);
    assertThat(setup.send("GET", "/users/retry").json()).isEqualTo(created.json());

    lose.sent.set(0);
    Response updated =
        client.send(
            "PUT",
            "/users/retry",
            "",
            "{\"a\":2}",
            java.util.Map.of("content-type", "application/json", "if-match", "\"1\""));
    assertThat(updated.status()).isEqualTo(200);
    assertThat(lose.sent.get()).isEqualTo(2);
    assertThat(updated.json().get("version").getAsInt()).isEqualTo(2);
    assertThat(setup.send("GET", "/users/retry").json()).isEqualTo(updated.json());

    lose.sent.set(0);
    assertThat(client.send("DELETE", "/users/retry").status()).isEqualTo(204);
    assertThat(lose.sent.get()).isEqualTo(2);
    assertThat(setup.send("GET", "/users/retry").status()).isEqualTo(404);
  }

  @Test
  void aRetriedCreate_shouldStillGive409_whenTheStoredUserIsSomebodyElses(HandlerConfig config) {
    HandlerClient setup =
        new HandlerClient(new ApiHandler(config, DynamoDbClients.localCredentials(), List.of()));
    setup.send("POST", "/users", "{\"username\":\"taken\",\"owner\":\"first\"}");
    HandlerClient client =
        new HandlerClient(
            new ApiHandler(
                config, DynamoDbClients.localCredentials(), List.of(new LoseFirstResponse())));
    assertThat(
            client.send("POST", "/users", "{\"username\":\"taken\",\"owner\":\"second\"}").status())
        .isEqualTo(409);
    assertThat(
            client
                .send(
                    "PUT",
                    "/users/taken",
                    "",
                    "{\"a\":1}",
                    java.util.Map.of("content-type", "application/json", "if-match", "\"7\""))
                .status())
        .isEqualTo(412);
    assertThat(setup.send("GET", "/users/taken").json().get("owner").getAsString())
        .isEqualTo("first");
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
