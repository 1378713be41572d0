package com.example.users.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.config.HandlerConfig;
import com.example.users.storage.DynamoDbClients;
import com.example.users.testing.DynaliteExtension;
import com.example.users.testing.HandlerClient;
import com.example.users.testing.TestTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Each operation is exactly one DynamoDB request (counted on the wire by an SDK interceptor), and
 * conditional writes make concurrent creates race-free.
 */
@ExtendWith(DynaliteExtension.class)
class RequestCountIntegrationTests {

  /** Records the operation name of every request sent, retries included. */
  static final class Recorder implements ExecutionInterceptor {
    final List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      sent.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }
  }

  private final Recorder recorder = new Recorder();
  private HandlerConfig config;
  private HandlerClient client;

  @BeforeEach
  void setUp(HandlerConfig config) {
    this.config = config;
    client =
        new HandlerClient(
            new ApiHandler(config, DynamoDbClients.localCredentials(), List.of(recorder)));
  }

  @Test
  void everyOperation_shouldSendExactlyOneDynamoDbRequest() {
    assertThat(requestsFor(() -> client.send("POST", "/users", "{\"username\":\"one\"}")))
        .containsExactly("PutItem");
    assertThat(requestsFor(() -> client.send("GET", "/users/one"))).containsExactly("GetItem");
    assertThat(requestsFor(() -> client.send("PUT", "/users/one", "{\"a\":1}")))
        .containsExactly("UpdateItem");
    assertThat(requestsFor(() -> client.send("GET", "/users"))).containsExactly("Scan");
    assertThat(requestsFor(() -> client.send("DELETE", "/users/one")))
        .containsExactly("DeleteItem");
    // Failures cost one request too: no read before or after the write.
    assertThat(requestsFor(() -> client.send("DELETE", "/users/one")))
        .containsExactly("DeleteItem");
    assertThat(requestsFor(() -> client.send("PUT", "/users/one", "{\"a\":1}")))
        .containsExactly("UpdateItem");
    client.send("POST", "/users", "{\"username\":\"two\"}");
    assertThat(requestsFor(() -> client.send("POST", "/users", "{\"username\":\"two\"}")))
        .containsExactly("PutItem");
    assertThat(
            requestsFor(
                () ->
                    client.send(
                        "PUT",
                        "/users/two",
                        "",
                        "{\"a\":1}",
                        Map.of("content-type", "application/json", "if-match", "\"9\""))))
        .containsExactly("UpdateItem");
    // Invalid requests never reach DynamoDB.
    assertThat(requestsFor(() -> client.send("POST", "/users", "{\"username\":\"BAD\"}")))
        .isEmpty();
  }

  @Test
  void twentyConcurrentCreates_shouldGiveExactlyOne201() throws Exception {
    int n = 20;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        int writer = i;
        Callable<Integer> create =
            () -> {
              start.await();
              return client
                  .send("POST", "/users", "{\"username\":\"race\",\"writer\":" + writer + "}")
                  .status();
            };
        results.add(pool.submit(create));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : results) {
        statuses.add(f.get(30, TimeUnit.SECONDS));
      }
      assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
      assertThat(statuses).filteredOn(s -> s == 409).hasSize(n - 1);
      assertThat(TestTable.scanAll(config)).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  private List<String> requestsFor(Runnable request) {
    recorder.sent.clear();
    request.run();
    return List.copyOf(recorder.sent);
  }
}
