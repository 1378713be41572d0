package com.example.users.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Concurrent requests over real HTTP against local mode on dynalite. Every request of a race is
 * released at once by a latch; the assertions are on counts and final state, never on timing.
 */
class ConcurrencyRaceTests {

  private static final int N = 16;
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static LocalServer server;
  private static URI base;
  private static ExecutorService pool;

  @BeforeAll
  static void start() {
    server = LocalServer.start(0, Optional.empty(), new ApiProbe.Log().stream);
    base = server.baseUrl();
    pool = Executors.newFixedThreadPool(N);
  }

  @AfterAll
  static void stop() {
    pool.shutdownNow();
    server.close();
  }

  /** Runs the tasks at the same instant and returns their results in order. */
  private static <T> List<T> race(List<Callable<T>> tasks) throws Exception {
    CountDownLatch ready = new CountDownLatch(tasks.size());
    CountDownLatch go = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      futures.add(
          pool.submit(
              () -> {
                ready.countDown();
                go.await();
                return task.call();
              }));
    }
    assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
    go.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(f.get(60, TimeUnit.SECONDS));
    }
    return results;
  }

  private static HttpResponse<String> send(String method, String path, String body, String... h)
      throws Exception {
    return ApiProbe.send(base, method, path, body, h);
  }

  private static Map<Integer, Long> statuses(List<HttpResponse<String>> responses) {
    return responses.stream()
        .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
  }

  @Test
  void concurrentCreatesOfOneName_shouldGiveOne201_andTheRest409() throws Exception {
    List<Callable<HttpResponse<String>>> tasks = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      String body = "{\"username\":\"racer\",\"by\":" + i + "}";
      tasks.add(() -> send("POST", "/users", body));
    }
    List<HttpResponse<String>> responses = race(tasks);
    assertThat(statuses(responses)).isEqualTo(Map.of(201, 1L, 409, (long) N - 1));
    int winner =
        ApiProbe.json(
                responses.stream().filter(r -> r.statusCode() == 201).findFirst().get().body())
            .get("by")
            .getAsInt();
    responses.stream()
        .filter(r -> r.statusCode() == 409)
        .forEach(r -> assertThat(r.body()).contains("urn:user-api:problem:user-already-exists"));
    List<String> racers =
        ApiProbe.snapshot(server)
            .lines()
            .filter(l -> l.contains("username=AttributeValue(S=racer)"))
            .toList();
    assertThat(racers).hasSize(1);
    assertThat(racers.get(0))
        .contains("by=AttributeValue(N=" + winner + ")", "version=AttributeValue(N=1)");
  }

  @Test
  void concurrentUpdatesWithOneIfMatch_shouldGiveOne200_andTheRest412_withoutLostUpdates()
      throws Exception {
    assertThat(send("POST", "/users", "{\"username\":\"locked\",\"by\":-1}").statusCode())
        .isEqualTo(201);
    List<Callable<HttpResponse<String>>> tasks = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      String body = "{\"by\":" + i + ",\"note" + i + "\":\"from " + i + "\"}";
      tasks.add(() -> send("PUT", "/users/locked", body, "If-Match", "\"1\""));
    }
    List<HttpResponse<String>> responses = race(tasks);
    assertThat(statuses(responses)).isEqualTo(Map.of(200, 1L, 412, (long) N - 1));
    HttpResponse<String> won =
        responses.stream().filter(r -> r.statusCode() == 200).findFirst().get();
    int winner = ApiProbe.json(won.body()).get("by").getAsInt();
    assertThat(won.headers().firstValue("etag")).contains("\"2\"");
    JsonObject stored = ApiProbe.json(send("GET", "/users/locked", null).body());
    assertThat(stored.get("version").getAsLong()).isEqualTo(2);
    assertThat(stored.get("by").getAsInt()).isEqualTo(winner);
    assertThat(stored.get("note" + winner).getAsString()).isEqualTo("from " + winner);
    for (int i = 0; i < N; i++) {
      if (i != winner) {
        assertThat(stored.has("note" + i)).as("a losing update leaked in: note%d", i).isFalse();
      }
    }
  }

  @Test
  void putRacingDelete_shouldNeverResurrectTheUser() throws Exception {
    for (int round = 0; round < 12; round++) {
      String name = "phoenix-" + round;
      assertThat(send("POST", "/users", "{\"username\":\"" + name + "\"}").statusCode())
          .isEqualTo(201);
      List<Callable<HttpResponse<String>>> tasks = new ArrayList<>();
      tasks.add(() -> send("DELETE", "/users/" + name, null));
      for (int i = 0; i < 3; i++) {
        String body = "{\"alive\":" + i + "}";
        tasks.add(() -> send("PUT", "/users/" + name, body));
      }
      List<HttpResponse<String>> responses = race(tasks);
      assertThat(responses.get(0).statusCode()).isEqualTo(204);
      for (HttpResponse<String> put : responses.subList(1, responses.size())) {
        assertThat(put.statusCode()).as(put.body()).isIn(200, 404);
      }
      assertThat(send("GET", "/users/" + name, null).statusCode()).isEqualTo(404);
      assertThat(ApiProbe.snapshot(server))
          .doesNotContain("username=AttributeValue(S=" + name + ")");
    }
  }

  @Test
  void deleteRacingDelete_shouldGiveOne204_andOne404() throws Exception {
    for (int round = 0; round < 12; round++) {
      String name = "twice-" + round;
      assertThat(send("POST", "/users", "{\"username\":\"" + name + "\"}").statusCode())
          .isEqualTo(201);
      List<HttpResponse<String>> responses =
          race(
              List.of(
                  () -> send("DELETE", "/users/" + name, null),
                  () -> send("DELETE", "/users/" + name, null)));
      assertThat(statuses(responses)).isEqualTo(Map.of(204, 1L, 404, 1L));
      assertThat(ApiProbe.snapshot(server))
          .doesNotContain("username=AttributeValue(S=" + name + ")");
    }
  }

  @Test
  void listingWhileWriting_shouldNeverDuplicateOrMalformAPage() throws Exception {
    Set<String> stable = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      String name = "stable-" + i;
      stable.add(name);
      assertThat(send("POST", "/users", "{\"username\":\"" + name + "\"}").statusCode())
          .isEqualTo(201);
    }
    for (int i = 0; i < 20; i++) {
      assertThat(send("POST", "/users", "{\"username\":\"doomed-" + i + "\"}").statusCode())
          .isEqualTo(201);
    }
    List<Callable<List<String>>> tasks = new ArrayList<>();
    // Writers: create, delete and update while the listers page through the table.
    for (int w = 0; w < 4; w++) {
      int writer = w;
      tasks.add(
          () -> {
            for (int i = 0; i < 10; i++) {
              int k = writer * 10 + i;
              assertThat(send("POST", "/users", "{\"username\":\"fresh-" + k + "\"}").statusCode())
                  .isEqualTo(201);
              if (k < 20) {
                assertThat(send("DELETE", "/users/doomed-" + k, null).statusCode()).isEqualTo(204);
              }
              assertThat(send("PUT", "/users/stable-" + k, "{\"touched\":" + k + "}").statusCode())
                  .isEqualTo(200);
            }
            return List.of();
          });
    }
    for (int l = 0; l < 4; l++) {
      int limit = 3 + 2 * l;
      tasks.add(() -> listAll(limit));
    }
    List<List<String>> results = race(tasks);
    for (List<String> listing : results.subList(4, results.size())) {
      assertThat(new HashSet<>(listing)).as("no duplicates").hasSameSizeAs(listing);
      assertThat(listing).as("every user untouched by deletes appears").containsAll(stable);
    }
  }

  /** Pages through GET /users, checking each page's shape, and returns the usernames in order. */
  private static List<String> listAll(int limit) throws Exception {
    List<String> names = new ArrayList<>();
    String cursor = null;
    for (int pages = 0; pages < 1000; pages++) {
      HttpResponse<String> r =
          send("GET", "/users?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor), null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonObject page = ApiProbe.json(r.body());
      assertThat(page.keySet()).isSubsetOf("users", "nextCursor");
      assertThat(page.getAsJsonArray("users").size()).isLessThanOrEqualTo(limit);
      for (JsonElement e : page.getAsJsonArray("users")) {
        JsonObject user = e.getAsJsonObject();
        assertThat(user.get("username").getAsString()).matches(USERNAME);
        assertThat(user.get("version").getAsLong()).isPositive();
        assertThat(user.get("createdAt").getAsString()).isNotBlank();
        assertThat(user.get("updatedAt").getAsString()).isNotBlank();
        names.add(user.get("username").getAsString());
      }
      if (!page.has("nextCursor")) {
        return names;
      }
      cursor = page.get("nextCursor").getAsString();
      assertThat(cursor).isNotBlank().matches("[A-Za-z0-9_-]+");
    }
    throw new AssertionError("listing did not end within 1000 pages");
  }
}
