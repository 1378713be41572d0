package com.example.users.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Many concurrent deletes of one user on a freshly started local mode, whose first requests can be
 * slow (a cold engine on a busy machine, past the 1 s attempt time-out): exactly one delete may
 * report that it deleted the user. The others get 404, or the documented 504 if the handler could
 * not prove what happened, never a second 204.
 */
class ConcurrentDeleteTests {

  private static final int N = 16;

  /**
   * Holds each call's first answer past the handler's 1 s attempt time-out, after DynamoDB has
   * applied the request: what a cold engine on a busy machine does to the first requests (1.9-2.7 s
   * were seen), made certain so that the test does not depend on the machine's load.
   */
  static final class SlowFirstAnswers implements ExecutionInterceptor {
    private static final ExecutionAttribute<Boolean> HELD = new ExecutionAttribute<>("held");

    @Override
    public void afterTransmission(Context.AfterTransmission c, ExecutionAttributes a) {
      if (a.getAttribute(HELD) == null) {
        a.putAttribute(HELD, true);
        try {
          Thread.sleep(1_500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw SdkClientException.create("interrupted", e);
        }
      }
    }
  }

  @RepeatedTest(3)
  void concurrentDeletesOfOneUser_shouldGiveExactlyOne204() throws Exception {
    try (LocalServer server = LocalServer.start(0, Optional.empty(), new ApiProbe.Log().stream)) {
      raceDeletes(server);
    }
  }

  @RepeatedTest(2)
  void concurrentDeletesOfOneUser_shouldGiveExactlyOne204_whenTheFirstAnswersAreSlow()
      throws Exception {
    try (LocalServer server =
        LocalServer.start(
            0,
            Optional.empty(),
            new ApiProbe.Log().stream,
            c -> c,
            List.of(new SlowFirstAnswers()))) {
      raceDeletes(server);
    }
  }

  private static void raceDeletes(LocalServer server) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(N);
    try {
      URI base = server.baseUrl();
      assertThat(ApiProbe.send(base, "POST", "/users", "{\"username\":\"x\"}").statusCode())
          .isEqualTo(201);
      CountDownLatch ready = new CountDownLatch(N);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> futures = new ArrayList<>();
      for (int i = 0; i < N; i++) {
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return ApiProbe.send(base, "DELETE", "/users/x", null);
                }));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      List<HttpResponse<String>> responses = new ArrayList<>();
      for (Future<HttpResponse<String>> f : futures) {
        responses.add(f.get(60, TimeUnit.SECONDS));
      }
      Map<Integer, Long> statuses =
          responses.stream()
              .map(HttpResponse::statusCode)
              .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      assertThat(statuses.get(204)).as("statuses %s", statuses).isEqualTo(1L);
      assertThat(statuses.keySet()).as("statuses %s", statuses).isSubsetOf(204, 404, 504);
      assertThat(ApiProbe.send(base, "GET", "/users/x", null).statusCode()).isEqualTo(404);
    } finally {
      pool.shutdownNow();
    }
  }
}
