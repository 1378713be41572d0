package com.example.users.benchmark;

import com.example.users.config.DynamoDbClients;
import com.example.users.config.HandlerConfig;
import com.example.users.local.LocalServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Throughput through the local server (HTTP → API Gateway event → handler → dynalite) next to the
 * same reads and writes sent straight to that dynalite with the SDK, at the same concurrency. Each
 * scenario is bounded in requests and in time and preceded by a short warm-up; the direct and local
 * measurements of a cell run back to back, in rounds (see {@link #run}).
 */
final class Throughput {

  static final int SEEDED_USERS = 100;

  /** One measured scenario. */
  record Result(
      String path, String op, int concurrency, int requests, double seconds, Stats latency) {
    double perSecond() {
      return requests / seconds;
    }
  }

  /** One request of a load thread: the thread index and the request's sequence number. */
  @FunctionalInterface
  interface Request {
    void send(int thread, int sequence) throws Exception;
  }

  /** A scenario's request and the connections to close after it. */
  private record Scenario(Request request, HttpConnection[] connections) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      for (HttpConnection c : connections) {
        if (c != null) {
          c.close();
        }
      }
    }
  }

  private final LocalServer server;
  private final DynamoDbClient direct;
  private final java.util.concurrent.atomic.AtomicLong names =
      new java.util.concurrent.atomic.AtomicLong();

  Throughput() {
    this.server =
        LocalServer.start(
            0,
            Optional.empty(),
            new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
    this.direct =
        DynamoDbClients.create(
            HandlerConfig.of(
                LocalServer.TABLE_NAME, "us-east-1", Optional.of(server.dynamoDbEndpoint())),
            DynamoDbClients.localCredentials(),
            List.of());
  }

  void seed() throws IOException {
    try (HttpConnection c = new HttpConnection(server.baseUrl().getPort())) {
      for (int i = 0; i < SEEDED_USERS; i++) {
        int status = c.send("POST", "/users", createBody("seed-" + i));
        if (status != 201) {
          throw new IllegalStateException("Seeding failed with " + status);
        }
      }
    }
  }

  private static byte[] createBody(String name) {
    return ("{\"username\":\""
            + name
            + "\",\"email\":\""
            + name
            + "@example.com\",\"country\":\"NL\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The rounds of one cell (operation and concurrency): each side's result per round. */
  record Cell(String op, int concurrency, List<Result> direct, List<Result> local) {
    /** The median of the rounds' requests per second on one side. */
    static double medianPerSecond(List<Result> results) {
      return median(results.stream().mapToDouble(Result::perSecond).toArray());
    }

    /** The median of the rounds' 99th percentiles on one side, in nanoseconds. */
    static double medianP99(List<Result> results) {
      return median(results.stream().mapToDouble(r -> r.latency().percentile(99)).toArray());
    }

    /** The median over rounds of local / direct within a round. */
    double medianRatio() {
      double[] ratios = new double[local.size()];
      for (int i = 0; i < ratios.length; i++) {
        ratios[i] = local.get(i).perSecond() / direct.get(i).perSecond();
      }
      return median(ratios);
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * Runs every cell {@code rounds} times. In a round each cell is measured as direct, local, local,
   * direct, each of the four with half the request and time bounds (and its own warm-up), and a
   * side's result for the round is its two halves together. Both sides thus sit once before and
   * once after the other: whatever the earlier scenario leaves behind (garbage to collect, the
   * engine's state, the JIT's progress, other load on the machine) falls on both alike.
   */
  List<Cell> run(
      List<Integer> concurrencies,
      int rounds,
      int maxRequests,
      double maxSeconds,
      double warmupSeconds)
      throws InterruptedException, IOException {
    List<Cell> cells = new ArrayList<>();
    for (String op : List.of("GET", "POST")) {
      for (int c : concurrencies) {
        cells.add(new Cell(op, c, new ArrayList<>(), new ArrayList<>()));
      }
    }
    int halfRequests = Math.max(1, maxRequests / 2);
    for (int round = 0; round < rounds; round++) {
      for (Cell cell : cells) {
        Map<String, List<Measured>> halves = new java.util.HashMap<>();
        for (String path : List.of("direct", "local", "local", "direct")) {
          try (Scenario scenario = scenario(path, cell.op(), cell.concurrency())) {
            load(scenario.request(), cell.concurrency(), halfRequests, warmupSeconds);
            halves
                .computeIfAbsent(path, k -> new ArrayList<>())
                .add(load(scenario.request(), cell.concurrency(), halfRequests, maxSeconds / 2));
          }
        }
        cell.direct().add(result("direct", cell, halves.get("direct")));
        cell.local().add(result("local", cell, halves.get("local")));
      }
    }
    return List.copyOf(cells);
  }

  private static Result result(String path, Cell cell, List<Measured> halves) {
    int n = 0;
    double seconds = 0;
    for (Measured m : halves) {
      n += m.latencies().length;
      seconds += m.seconds();
    }
    long[] all = new long[n];
    int k = 0;
    for (Measured m : halves) {
      System.arraycopy(m.latencies(), 0, all, k, m.latencies().length);
      k += m.latencies().length;
    }
    return new Result(path, cell.op(), cell.concurrency(), n, seconds, new Stats(all));
  }

  private Scenario scenario(String path, String op, int concurrency) {
    int port = server.baseUrl().getPort();
    HttpConnection[] conns = new HttpConnection[concurrency];
    for (int i = 0; i < concurrency; i++) {
      conns[i] = new HttpConnection(port);
    }
    return new Scenario(request(path, op, conns), conns);
  }

  private Request request(String path, String op, HttpConnection[] conns) {
    if (path.equals("local")) {
      if (op.equals("GET")) {
        return (t, i) -> {
          String user = "seed-" + ThreadLocalRandom.current().nextInt(SEEDED_USERS);
          expect(conns[t].send("GET", "/users/" + user, null), 200);
        };
      }
      return (t, i) ->
          expect(
              conns[t].send("POST", "/users", createBody("http-" + names.incrementAndGet())), 201);
    }
    if (op.equals("GET")) {
      return (t, i) -> {
        String user = "seed-" + ThreadLocalRandom.current().nextInt(SEEDED_USERS);
        var response =
            direct.getItem(
                b ->
                    b.tableName(LocalServer.TABLE_NAME)
                        .key(Map.of("username", AttributeValue.fromS(user)))
                        .consistentRead(true));
        if (!response.hasItem()) {
          throw new IllegalStateException("No item " + user);
        }
      };
    }
    return (t, i) -> {
      String name = "direct-" + names.incrementAndGet();
      String now = Instant.now().toString();
      direct.putItem(
          b ->
              b.tableName(LocalServer.TABLE_NAME)
                  .item(
                      Map.of(
                          "username", AttributeValue.fromS(name),
                          "email", AttributeValue.fromS(name + "@example.com"),
                          "country", AttributeValue.fromS("NL"),
                          "createdAt", AttributeValue.fromS(now),
                          "updatedAt", AttributeValue.fromS(now),
                          "version", AttributeValue.fromN("1")))
                  .conditionExpression("attribute_not_exists(#key)")
                  .expressionAttributeNames(Map.of("#key", "username")));
    };
  }

  private static void expect(int status, int expected) {
    if (status != expected) {
      throw new IllegalStateException("Expected " + expected + ", got " + status);
    }
  }

  private record Measured(long[] latencies, double seconds) {}

  /**
   * Runs {@code concurrency} threads until {@code maxRequests} are done or {@code maxSeconds} have
   * passed.
   */
  private static Measured load(Request r, int concurrency, int maxRequests, double maxSeconds)
      throws InterruptedException {
    AtomicInteger budget = new AtomicInteger(maxRequests);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long[][] latencies = new long[concurrency][];
    int[] counts = new int[concurrency];
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    long[] deadline = new long[1];
    for (int t = 0; t < concurrency; t++) {
      int thread = t;
      latencies[t] = new long[maxRequests];
      Thread th =
          new Thread(
              () -> {
                try {
                  go.await();
                  int n = 0;
                  while (budget.decrementAndGet() >= 0 && System.nanoTime() < deadline[0]) {
                    long start = System.nanoTime();
                    r.send(thread, n);
                    if (n < latencies[thread].length) {
                      latencies[thread][n] = System.nanoTime() - start;
                    }
                    n++;
                  }
                  counts[thread] = Math.min(n, latencies[thread].length);
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "load-" + t);
      th.setDaemon(true);
      threads.add(th);
      th.start();
    }
    long start = System.nanoTime();
    deadline[0] = start + (long) (maxSeconds * 1e9);
    go.countDown();
    for (Thread th : threads) {
      th.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (failure.get() != null) {
      throw new IllegalStateException("A load thread failed", failure.get());
    }
    int total = 0;
    for (int c : counts) {
      total += c;
    }
    long[] all = new long[total];
    int k = 0;
    for (int t = 0; t < concurrency; t++) {
      System.arraycopy(latencies[t], 0, all, k, counts[t]);
      k += counts[t];
    }
    return new Measured(all, seconds);
  }

  void close() {
    direct.close();
    server.close();
  }
}
