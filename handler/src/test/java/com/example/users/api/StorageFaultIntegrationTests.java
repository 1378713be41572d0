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
