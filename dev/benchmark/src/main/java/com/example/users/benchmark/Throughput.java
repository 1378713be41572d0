package com.example.users.benchmark;

import com.example.users.config.HandlerConfig;
import com.example.users.local.LocalServer;
import com.example.users.storage.DynamoDbClients;
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
      String path,
      String op,
      int concurrency,
      int requests,
      double seconds,
      Stats latency,
      Cpu cpu) {
    double perSecond() {
      return requests / seconds;
    }
  }

  /**
   * CPU time spent while a scenario ran, in nanoseconds: by its load threads (the client), by the
   * rest of this JVM (on the local side the HTTP server and the handler; on both, the garbage
   * collector and the JIT) and by the engine's process.
   */
  record Cpu(long client, long restOfJvm, long engine) {
    static final Cpu NONE = new Cpu(0, 0, 0);

    Cpu plus(Cpu other) {
      return new Cpu(client + other.client, restOfJvm + other.restOfJvm, engine + other.engine);
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
      return Stats.median(results.stream().mapToDouble(Result::perSecond).toArray());
    }

    /** The median of the rounds' 99th percentiles on one side, in nanoseconds. */
    static double medianP99(List<Result> results) {
      return Stats.median(results.stream().mapToDouble(r -> r.latency().percentile(99)).toArray());
    }

    /**
     * The median over rounds of one side's CPU per request, in microseconds, as client, rest of the
     * JVM, engine.
     */
    static double[] medianCpuMicros(List<Result> results) {
      double[][] perPart = new double[3][results.size()];
      for (int i = 0; i < results.size(); i++) {
        Result r = results.get(i);
        perPart[0][i] = r.cpu().client() / 1e3 / r.requests();
        perPart[1][i] = r.cpu().restOfJvm() / 1e3 / r.requests();
        perPart[2][i] = r.cpu().engine() / 1e3 / r.requests();
      }
      return new double[] {
        Stats.median(perPart[0]), Stats.median(perPart[1]), Stats.median(perPart[2])
      };
    }

    /** Each round's local / direct, in round order. */
    double[] ratios() {
      double[] ratios = new double[local.size()];
      for (int i = 0; i < ratios.length; i++) {
        ratios[i] = local.get(i).perSecond() / direct.get(i).perSecond();
      }
      return ratios;
    }

    /** The median over rounds of local / direct within a round. */
    double medianRatio() {
      return Stats.median(ratios());
    }
  }

  /** JIT compile time in a round, as a share of the round's wall time, below which it counts. */
  static final double QUIET_JIT = 0.05;

  /**
   * One round: the share of its wall time the JIT spent compiling, whether it was measured, and per
   * cell (in the order of {@link Run#cells}) its direct and local result.
   */
  record Round(double jitShare, boolean measured, List<Result> direct, List<Result> local) {}

  /** The measured cells and every round that ran, measured or not. */
  record Run(List<Cell> cells, List<Round> rounds) {}

  /**
   * Runs rounds of every cell until {@code rounds} of them ran while the JIT was quiet (it compiled
   * for less than {@link #QUIET_JIT} of the round's time), or {@code rounds + maxBusyRounds} rounds
   * ran, and measures those quiet rounds (or, if too few, the last {@code rounds}). The local side
   * runs much more code than the direct one (Jetty, the handler, the SDK inside it): on two cores
   * the JIT needs a minute or two under this load to compile it, and a round it spends compiling
   * says how fast the JIT is, not what local mode adds to its engine.
   *
   * <p>In a round each cell is measured as direct, local, local, direct, each of the four with half
   * the request and time bounds (and its own warm-up), and a side's result for the round is its two
   * halves together. Both sides thus sit once before and once after the other: whatever the earlier
   * scenario leaves behind (garbage to collect, the engine's state, the JIT's progress, other load
   * on the machine) falls on both alike.
   */
  Run run(
      List<Integer> concurrencies,
      int rounds,
      int maxBusyRounds,
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
    java.lang.management.CompilationMXBean jit =
        java.lang.management.ManagementFactory.getCompilationMXBean();
    int halfRequests = Math.max(1, maxRequests / 2);
    List<Round> all = new ArrayList<>();
    int quiet = 0;
    while (quiet < rounds && all.size() < rounds + maxBusyRounds) {
      long compiledBefore = jit.getTotalCompilationTime();
      long start = System.nanoTime();
      List<Result> direct = new ArrayList<>();
      List<Result> local = new ArrayList<>();
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
        direct.add(result("direct", cell, halves.get("direct")));
        local.add(result("local", cell, halves.get("local")));
      }
      double wallMs = (System.nanoTime() - start) / 1e6;
      double share = (jit.getTotalCompilationTime() - compiledBefore) / wallMs;
      all.add(new Round(share, false, direct, local));
      if (share < QUIET_JIT) {
        quiet++;
      }
    }
    List<Round> marked = markMeasured(all, rounds);
    for (Round r : marked) {
      if (r.measured()) {
        for (int i = 0; i < cells.size(); i++) {
          cells.get(i).direct().add(r.direct().get(i));
          cells.get(i).local().add(r.local().get(i));
        }
      }
    }
    return new Run(List.copyOf(cells), marked);
  }

  /**
   * The rounds with the quiet ones marked as measured, the first {@code rounds} of them; if fewer
   * were quiet, the last {@code rounds} rounds.
   */
  static List<Round> markMeasured(List<Round> all, int rounds) {
    long quiet = all.stream().filter(r -> r.jitShare() < QUIET_JIT).count();
    List<Round> marked = new ArrayList<>();
    int taken = 0;
    for (int i = 0; i < all.size(); i++) {
      Round r = all.get(i);
      boolean measured =
          quiet >= rounds ? r.jitShare() < QUIET_JIT && taken < rounds : i >= all.size() - rounds;
      if (measured) {
        taken++;
      }
      marked.add(new Round(r.jitShare(), measured, r.direct(), r.local()));
    }
    return List.copyOf(marked);
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
    Cpu cpu = Cpu.NONE;
    for (Measured m : halves) {
      cpu = cpu.plus(m.cpu());
    }
    return new Result(path, cell.op(), cell.concurrency(), n, seconds, new Stats(all), cpu);
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

  private record Measured(long[] latencies, double seconds, Cpu cpu) {}

  /** This JVM's CPU time so far, in nanoseconds. */
  private static long jvmCpu() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The CPU time of this JVM's child processes (the engine) so far, in nanoseconds. */
  private static long engineCpu() {
    return ProcessHandle.current()
        .descendants()
        .mapToLong(p -> p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L))
        .sum();
  }

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
    long[] threadCpu = new long[concurrency];
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
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
                  long cpuStart = mx.getCurrentThreadCpuTime();
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
                  threadCpu[thread] = mx.getCurrentThreadCpuTime() - cpuStart;
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "load-" + t);
      th.setDaemon(true);
      threads.add(th);
      th.start();
    }
    long jvmBefore = jvmCpu();
    long engineBefore = engineCpu();
    long start = System.nanoTime();
    deadline[0] = start + (long) (maxSeconds * 1e9);
    go.countDown();
    for (Thread th : threads) {
      th.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long jvm = jvmCpu() - jvmBefore;
    long engine = engineCpu() - engineBefore;
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
    long client = 0;
    for (long c : threadCpu) {
      client += c;
    }
    return new Measured(all, seconds, new Cpu(client, jvm - client, engine));
  }

  void close() {
    direct.close();
    server.close();
  }
}
