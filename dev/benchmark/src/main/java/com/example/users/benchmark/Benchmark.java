package com.example.users.benchmark;

import com.example.users.benchmark.cost.Footprint;
import com.example.users.benchmark.cost.Results;
import com.example.users.benchmark.launcher.ColdStart;
import com.example.users.config.HandlerConfig;
import com.example.users.dynalite.Dynalite;
import com.example.users.dynalite.Tables;
import com.example.users.local.LocalServer;
import com.example.users.storage.DynamoDbClients;
import com.example.users.storage.UserTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipFile;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Runs every measurement and prints the tables (Markdown) and the targets. Run it with {@code
 * scripts/benchmark.sh}, which builds the jars first.
 *
 * <pre>
 * --handler-jar PATH    the Lambda jar (handler/target/handler-lambda.jar)
 * --launcher-jar PATH   the cold-start launcher (dev/benchmark/target/benchmark-launcher.jar)
 * --sha256 HEX          the jar's sha256 after a clean build; give it once per build
 * --cold-runs N         cold starts per variant (default 10, at least 10)
 * --warm-iterations N   measured iterations of the warm loop (default 1000)
 * --max-requests N      per throughput scenario (default 4000)
 * --max-seconds S       per throughput scenario (default 4)
 * --only SECTIONS       a comma-separated subset of cold,restore,warm,throughput,artifact,
 *                       local-start,clients (default all)
 * --aot-java PATH       a JDK 25+ java binary: adds cold starts from an AOT cache made with it
 * --restore-runs N      first requests after priming per operation and JVM options (default 3)
 * --steady-runs N       JVMs per JVM options for the figures after 1,000 requests (default 3)
 * --steady-requests N   requests to warm up, and as many to measure, in each (default 1000)
 * </pre>
 */
public final class Benchmark {

  private static final String TABLE = "users";
  private static final String COLD_USER = "cold-start-user";

  private final PrintStream out;

  private Benchmark(PrintStream out) {
    this.out = out;
  }

  /** Options, see the class comment. */
  record Options(
      Path handlerJar,
      Path launcherJar,
      List<String> sha256,
      int coldRuns,
      int warmIterations,
      int maxRequests,
      double maxSeconds,
      java.util.Set<String> sections,
      Path aotJava,
      int restoreRuns,
      int steadyRuns,
      int steadyRequests) {

    static Options parse(String[] args) {
      Path handler = Path.of("handler/target/handler-lambda.jar");
      Path launcher = Path.of("dev/benchmark/target/benchmark-launcher.jar");
      List<String> sha = new ArrayList<>();
      int cold = 10;
      int warm = 1000;
      int max = 4000;
      double seconds = 4;
      java.util.Set<String> sections =
          java.util.Set.of(
              "cold", "restore", "warm", "throughput", "artifact", "local-start", "clients");
      Path aotJava = null;
      int restore = 3;
      int steadyRuns = 3;
      int steadyRequests = 1000;
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : "";
        switch (args[i]) {
          case "--handler-jar" -> handler = Path.of(value);
          case "--launcher-jar" -> launcher = Path.of(value);
          case "--sha256" -> sha.add(value);
          case "--cold-runs" -> cold = Integer.parseInt(value);
          case "--warm-iterations" -> warm = Integer.parseInt(value);
          case "--max-requests" -> max = Integer.parseInt(value);
          case "--max-seconds" -> seconds = Double.parseDouble(value);
          case "--only" -> sections = Benchmark.sections(value);
          case "--aot-java" -> aotJava = Path.of(value);
          case "--restore-runs" -> restore = Integer.parseInt(value);
          case "--steady-runs" -> steadyRuns = Integer.parseInt(value);
          case "--steady-requests" -> steadyRequests = Integer.parseInt(value);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
        i++;
      }
      if (cold < 10) {
        throw new IllegalArgumentException("--cold-runs must be at least 10");
      }
      if (restore < 1 || steadyRuns < 1 || steadyRequests < 1) {
        throw new IllegalArgumentException(
            "--restore-runs, --steady-runs and --steady-requests must be at least 1");
      }
      return new Options(
          handler,
          launcher,
          List.copyOf(sha),
          cold,
          warm,
          max,
          seconds,
          sections,
          aotJava,
          restore,
          steadyRuns,
          steadyRequests);
    }
  }

  /** Every section {@code --only} may name. */
  static final List<String> SECTIONS =
      List.of("cold", "restore", "warm", "throughput", "artifact", "local-start", "clients");

  /**
   * The sections a {@code --only} value names.
   *
   * @throws IllegalArgumentException naming an unknown section and the known ones
   */
  static java.util.Set<String> sections(String value) {
    java.util.Set<String> named = java.util.Set.of(value.split(","));
    for (String section : named) {
      if (!SECTIONS.contains(section)) {
        throw new IllegalArgumentException(
            "unknown section '" + section + "' in --only; known: " + String.join(",", SECTIONS));
      }
    }
    return named;
  }

  /** Runs the benchmark; exits with 1 if a target is missed. */
  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    // Local mode's JDK HTTP settings, before anything in this JVM loads the JDK's HTTP classes;
    // they apply alike to the local server and to the direct SDK client it is compared with.
    LocalServer.configureJdkHttp();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    boolean ok = new Benchmark(out).run(options);
    System.exit(ok ? 0 : 1);
  }

  private final List<String> targets = new ArrayList<>();

  /** When the run started (System.nanoTime), for the progress lines. */
  private long started;

  private boolean allMet = true;

  private void target(boolean met, String text) {
    allMet &= met;
    targets.add("| " + (met ? "met" : "**MISSED**") + " | " + text + " |");
  }

  boolean run(Options o) throws Exception {
    for (Path p : List.of(o.handlerJar(), o.launcherJar())) {
      if (!Files.isRegularFile(p)) {
        throw new IllegalStateException(p + " does not exist; run scripts/benchmark.sh");
      }
    }
    out.println("# Benchmark, " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
    out.println();
    machine();
    long start = System.nanoTime();
    started = start;
    if (o.sections().contains("cold") || o.sections().contains("warm")) {
      try (Dynalite dynamoDb = Dynalite.startInMemory()) {
        seed(dynamoDb);
        if (o.sections().contains("cold")) {
          progress("cold start", start);
          coldStart(o, dynamoDb);
        }
        if (o.sections().contains("warm")) {
          progress("warm latency", start);
          warm(o, dynamoDb);
        }
      }
    }
    if (o.sections().contains("restore")) {
      snapStart(o);
    }
    if (o.sections().contains("throughput")) {
      progress("throughput", start);
      throughput(o);
    }
    if (o.sections().contains("artifact")) {
      artifact(o);
    }
    if (o.sections().contains("local-start")) {
      progress("local mode start-up", start);
      localStart();
    }
    if (o.sections().contains("clients")) {
      progress("HTTP client comparison", start);
      clients(o);
    }
    progress("done", start);
    out.println("## Targets");
    out.println();
    out.println("| | target |");
    out.println("|---|---|");
    targets.forEach(out::println);
    return allMet;
  }

  private static void progress(String step, long start) {
    System.err.printf(Locale.ROOT, "[%5.0f s] %s%n", (System.nanoTime() - start) / 1e9, step);
  }

  private void machine() throws IOException {
    String cpu = "unknown";
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      cpu =
          Files.readAllLines(cpuinfo, StandardCharsets.UTF_8).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst()
              .orElse("unknown");
    }
    out.println(
        "Machine: "
            + Runtime.getRuntime().availableProcessors()
            + " CPUs (nproc), "
            + cpu
            + "; JDK "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vm.name")
            + "), "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.arch")
            + ".");
    out.println();
  }

  private static void seed(Dynalite dynamoDb) {
    HandlerConfig config = HandlerConfig.of(TABLE, "us-east-1", Optional.of(dynamoDb.endpoint()));
    try (DynamoDbClient admin =
        DynamoDbClients.create(config, DynamoDbClients.localCredentials(), List.of())) {
      Tables.createIfAbsent(admin, TABLE, UserTable.PARTITION_KEY);
    }
    WarmLatency seeder = new WarmLatency(dynamoDb.endpoint(), TABLE);
    seeder.call(
        Events.create(
            "{\"username\":\""
                + COLD_USER
                + "\",\"email\":\"cold@example.com\",\"country\":\"NL\"}"),
        201);
    for (int i = 0; i < 50; i++) {
      seeder.call(Events.create("{\"username\":\"listed-" + i + "\",\"n\":" + i + "}"), 201);
    }
  }

  private void coldStart(Options o, Dynalite dynamoDb) throws Exception {
    out.println(
        "## 1. Cold start ("
            + o.coldRuns()
            + " runs per row, interleaved; fresh JVM until the first response is read;"
            + " information: with SnapStart, users meet the restore and the first request"
            + " after it, below)");
    out.println();
    ColdStartBench bench =
        new ColdStartBench(o.launcherJar(), o.handlerJar(), dynamoDb.endpoint(), TABLE, COLD_USER);
    if (o.aotJava() != null) {
      bench.withAotCache(o.aotJava());
    }
    List<ColdStartBench.Result> results = bench.run(o.coldRuns());
    out.println(
        "| JVM | median ms | max ms | × bare JVM (median) | init ms (median) | first request ms (median) | classes loaded (CDS / jrt / jar) |");
    out.println("|---|---:|---:|---:|---:|---:|---:|");
    Map<String, Double> bareMedians = new java.util.HashMap<>();
    for (ColdStartBench.Result r : results) {
      if (!r.variant().handler()) {
        bareMedians.put(r.variant().name(), new Stats(r.wallNanos()).median());
      }
    }
    for (ColdStartBench.Result r : results) {
      Stats s = new Stats(r.wallNanos());
      boolean lambdaFlags = !r.variant().jvmFlags().isEmpty();
      double bare = bareMedians.get(r.variant().baseline());
      String ratio = Stats.ratio(s.median(), bare);
      ColdStartBench.ClassCount c = r.classes();
      out.println(
          "| "
              + r.variant().name()
              + (lambdaFlags ? " `" + displayFlags(r.variant().jvmFlags()) + "`" : "")
              + " | "
              + Stats.ms(s.median(), 0)
              + " | "
              + Stats.ms(s.max(), 0)
              + " | "
              + ratio
              + " | "
              + childMedian(r, "initMs")
              + " | "
              + childMedian(r, "invokeMs")
              + " | "
              + c.total()
              + " ("
              + c.cds()
              + " / "
              + c.jdk()
              + " / "
              + c.handlerJar()
              + ") |");
    }
    out.println();
    out.println(
        "init = the handler's constructor (SDK client, config); first request = one `GET"
            + " /users/{username}` (200) after that. The AppCDS row runs the same JVM from a dynamic class-data-sharing archive that a"
            + " training run (primed) wrote at exit (-XX:ArchiveClassesAtExit): what is left"
            + " when the classes come ready-parsed and verified."
            + (o.aotJava() == null
                ? " No JDK 25+ was found for the AOT-cache rows (set BENCH_AOT_JAVA)."
                : " The AOT rows run on "
                    + o.aotJava()
                    + ": a training run (primed) writes the cache, then each start reads it;"
                    + " a cache only works on the exact JVM build that made it."));
    out.println();
  }

  /**
   * The first request after a SnapStart restore, modelled over TLS, as on AWS: a fresh JVM
   * constructs the handler, runs {@code beforeCheckpoint}, idles until the engine has closed the
   * pooled connection (a restored snapshot has none open) and serves one request of each operation;
   * then the same JVM options after 1,000 requests, over TLS too.
   */
  private void snapStart(Options o) throws Exception {
    out.println("## 1b. SnapStart: the first request after a restore, and JVM options, over TLS");
    out.println();
    try (TlsEngine tls = TlsEngine.start()) {
      tls.trustInThisJvm();
      seed(tls.engine());
      ColdStartBench bench =
          new ColdStartBench(
                  o.launcherJar(), o.handlerJar(), tls.engine().endpoint(), TABLE, COLD_USER)
              .withChildFlags(tls.jvmFlags());
      snapStartRows(o, bench, tls.engine());
    }
  }

  /** The most the first request after priming may exceed the warm p50 by, as a ratio. */
  static final double FIRST_REQUEST_RATIO = 2;

  /** ... or in milliseconds: the target is met by either. */
  static final double FIRST_REQUEST_MARGIN_MS = 3;

  /** Whether a first request after priming meets its target against the warm p50. */
  static boolean firstRequestMet(double firstMs, double warmP50Ms) {
    return firstMs <= FIRST_REQUEST_RATIO * warmP50Ms
        || firstMs - warmP50Ms <= FIRST_REQUEST_MARGIN_MS;
  }

  private void snapStartRows(Options o, ColdStartBench bench, Dynalite dynamoDb) throws Exception {
    WarmLatency seeder = new WarmLatency(dynamoDb.endpoint(), TABLE);
    progress("first requests after priming, over TLS", started);
    List<ColdStartBench.RestoreResult> restores =
        bench.restore(
            o.restoreRuns(),
            user -> seeder.call(Events.create("{\"username\":\"" + user + "\"}"), 201),
            ColdStartBench.SNAPSTART_OPTIONS,
            ColdStartBench.Client.HANDLER,
            TlsEngine.IDLE);
    progress("JVM options after " + o.steadyRequests() + " requests, over TLS", started);
    List<ColdStartBench.SteadyResult> steady =
        bench.steady(
            o.steadyRuns(),
            o.steadyRequests(),
            ColdStartBench.SNAPSTART_OPTIONS,
            ColdStartBench.Client.HANDLER);
    Map<String, ColdStartBench.SteadyResult> steadyByOptions = new java.util.HashMap<>();
    steady.forEach(r -> steadyByOptions.put(r.options().name(), r));

    out.println(
        "### First request after a SnapStart restore, over TLS (modelled; "
            + o.restoreRuns()
            + " fresh JVMs per row, interleaved)");
    out.println();
    out.println(
        "| JVM options | operation | first request ms (median) | max ms | warm p50 ms over TLS,"
            + " same options | first / warm p50 | first − warm p50 ms | prime ms (median) |");
    out.println("|---|---|---:|---:|---:|---:|---:|---:|");
    for (ColdStartBench.RestoreResult r : restores) {
      double first = median(r.firstMs());
      double warm =
          median(steadyByOptions.get(r.options().name()).fields().get(r.operation() + "P50Ms"));
      double ratio = first / warm;
      out.println(
          "| "
              + r.options().name()
              + (r.options().deployed() ? " **(deployed)**" : "")
              + " | "
              + r.operation()
              + " | "
              + fmt(first, 2)
              + " | "
              + fmt(r.firstMs().stream().mapToDouble(Double::doubleValue).max().orElse(0), 2)
              + " | "
              + fmt(warm, 2)
              + " | "
              + fmt(ratio, 2)
              + " | "
              + fmt(first - warm, 2)
              + " | "
              + fmt(median(r.primeMs()), 0)
              + " |");
      if (r.options().deployed()) {
        target(
            firstRequestMet(first, warm),
            "first request after priming, over TLS with the connection dropped, ≤ 2× warm p50"
                + " over TLS or ≤ 3 ms above it ("
                + r.operation()
                + ", "
                + r.options().name()
                + "): "
                + fmt(first, 2)
                + " ms vs "
                + fmt(warm, 2)
                + " ms ("
                + fmt(ratio, 2)
                + "×, +"
                + fmt(first - warm, 2)
                + " ms)");
      }
    }
    out.println();
    out.println(
        "Each row's JVM: the handler's constructor, then `beforeCheckpoint` (what SnapStart runs"
            + " before the snapshot: real requests that change nothing, TLS handshakes on new"
            + " connections, then rehearsals of every success path on answers from memory), then"
            + " it idles "
            + TlsEngine.IDLE.toMillis()
            + " ms, in which the engine (dynalite over HTTPS, idle time-out "
            + TlsEngine.ENGINE_IDLE_TIMEOUT.toMillis()
            + " ms) closes the pooled connection, as none survives a restore; then one request"
            + " is timed, which opens a new connection with a full TLS handshake. Not modelled:"
            + " restoring the snapshot's memory. Warm p50 = the same JVM options after "
            + o.steadyRequests()
            + " requests over TLS (next table).");
    out.println();

    out.println(
        "### JVM options under SnapStart, over TLS (after priming and "
            + o.steadyRequests()
            + " requests, "
            + o.steadyRuns()
            + " JVMs each; medians of each JVM's p50 and p99 over the next "
            + o.steadyRequests()
            + ")");
    out.println();
    StringBuilder header = new StringBuilder("| operation |");
    StringBuilder rule = new StringBuilder("|---|");
    for (ColdStartBench.JvmOptions opt : ColdStartBench.SNAPSTART_OPTIONS) {
      header.append(" first ms, ").append(opt.name()).append(" |");
      header.append(" p50 ms, ").append(opt.name()).append(" |");
      header.append(" p99 ms, ").append(opt.name()).append(" |");
      rule.append("---:|---:|---:|");
    }
    out.println(header);
    out.println(rule);
    Map<String, double[]> sums = new java.util.LinkedHashMap<>();
    for (String op : ColdStart.OPERATIONS) {
      StringBuilder row = new StringBuilder("| " + op + " |");
      for (ColdStartBench.JvmOptions opt : ColdStartBench.SNAPSTART_OPTIONS) {
        double first =
            restores.stream()
                .filter(r -> r.options().equals(opt) && r.operation().equals(op))
                .mapToDouble(r -> median(r.firstMs()))
                .findFirst()
                .orElseThrow();
        Map<String, List<Double>> f = steadyByOptions.get(opt.name()).fields();
        double p50 = median(f.get(op + "P50Ms"));
        double p99 = median(f.get(op + "P99Ms"));
        double[] sum = sums.computeIfAbsent(opt.name(), k -> new double[3]);
        sum[0] += first;
        sum[1] += p50;
        sum[2] += p99;
        row.append(' ')
            .append(fmt(first, 2))
            .append(" | ")
            .append(fmt(p50, 2))
            .append(" | ")
            .append(fmt(p99, 2))
            .append(" |");
      }
      out.println(row);
    }
    out.println();
    ColdStartBench.JvmOptions deployed =
        ColdStartBench.SNAPSTART_OPTIONS.stream()
            .filter(ColdStartBench.JvmOptions::deployed)
            .findFirst()
            .orElseThrow();
    double[] mine = sums.get(deployed.name());
    boolean best = true;
    StringBuilder versus = new StringBuilder();
    for (var e : sums.entrySet()) {
      if (e.getKey().equals(deployed.name())) {
        continue;
      }
      double[] other = e.getValue();
      // Not worse by more than the noise of one run (10%) on the first request or warm p50.
      best &= mine[0] <= 1.10 * other[0] && mine[1] <= 1.10 * other[1];
      versus
          .append("; ")
          .append(e.getKey())
          .append(": ")
          .append(fmt(other[0], 1))
          .append(" / ")
          .append(fmt(other[1], 1))
          .append(" / ")
          .append(fmt(other[2], 1));
    }
    target(
        best,
        "deployed JVM options ("
            + deployed.name()
            + ") within 10% of the best on first requests and warm p50 (sums over the five"
            + " operations, first / p50 / p99 ms: "
            + fmt(mine[0], 1)
            + " / "
            + fmt(mine[1], 1)
            + " / "
            + fmt(mine[2], 1)
            + versus
            + ")");
  }

  /**
   * The HTTP clients compared on the same rows in one run, over TLS: the first request after
   * priming per operation (connection dropped), warm p50 and p99, the thread's CPU per request
   * (handler, SDK and client), and the client's bytes in the Lambda jar. Runs interleave the
   * clients, so that drift on a shared machine hits them alike. Information: the handler's client
   * was chosen on these figures (docs/dependencies.md).
   */
  private void clients(Options o) throws Exception {
    List<ColdStartBench.Client> clients =
        ColdStartBench.Client.compared(ColdStartBench.ownClassPath());
    List<ColdStartBench.JvmOptions> deployed =
        ColdStartBench.SNAPSTART_OPTIONS.stream()
            .filter(ColdStartBench.JvmOptions::deployed)
            .toList();
    Map<String, Map<String, List<Double>>> first = new java.util.LinkedHashMap<>();
    Map<String, Map<String, List<Double>>> steady = new java.util.LinkedHashMap<>();
    try (TlsEngine tls = TlsEngine.start()) {
      tls.trustInThisJvm();
      seed(tls.engine());
      WarmLatency seeder = new WarmLatency(tls.engine().endpoint(), TABLE);
      ColdStartBench bench =
          new ColdStartBench(
                  o.launcherJar(), o.handlerJar(), tls.engine().endpoint(), TABLE, COLD_USER)
              .withChildFlags(tls.jvmFlags());
      for (int run = 0; run < o.restoreRuns(); run++) {
        for (ColdStartBench.Client client : clients) {
          for (ColdStartBench.RestoreResult r :
              bench.restore(
                  1,
                  user -> seeder.call(Events.create("{\"username\":\"" + user + "\"}"), 201),
                  deployed,
                  client,
                  TlsEngine.IDLE)) {
            first
                .computeIfAbsent(client.name(), k -> new java.util.LinkedHashMap<>())
                .computeIfAbsent(r.operation(), k -> new ArrayList<>())
                .addAll(r.firstMs());
          }
        }
      }
      for (int run = 0; run < o.steadyRuns(); run++) {
        for (ColdStartBench.Client client : clients) {
          for (ColdStartBench.SteadyResult r :
              bench.steady(1, o.steadyRequests(), deployed, client)) {
            r.fields()
                .forEach(
                    (k, v) ->
                        steady
                            .computeIfAbsent(client.name(), x -> new java.util.LinkedHashMap<>())
                            .computeIfAbsent(k, x -> new ArrayList<>())
                            .addAll(v));
          }
        }
      }
    }
    out.println(
        "## 7. HTTP clients compared, over TLS (information; "
            + deployed.get(0).name()
            + "; "
            + o.restoreRuns()
            + " fresh JVMs per first request, "
            + o.steadyRuns()
            + " JVMs of 2 × "
            + o.steadyRequests()
            + " requests per client, interleaved)");
    out.println();
    out.println(
        "| client | operation | first request after priming ms (median) | warm p50 ms |"
            + " warm p99 ms | CPU per warm request µs (p50) |");
    out.println("|---|---|---:|---:|---:|---:|");
    for (ColdStartBench.Client client : clients) {
      Map<String, List<Double>> f = steady.get(client.name());
      for (String op : ColdStart.OPERATIONS) {
        out.println(
            "| "
                + client.name()
                + " | "
                + op
                + " | "
                + fmt(median(first.get(client.name()).get(op)), 2)
                + " | "
                + fmt(median(f.get(op + "P50Ms")), 2)
                + " | "
                + fmt(median(f.get(op + "P99Ms")), 2)
                + " | "
                + fmt(median(f.get(op + "CpuUs")), 0)
                + " |");
      }
    }
    out.println();
    out.println("| client | its bytes in the Lambda jar (compressed) | SDK service class |");
    out.println("|---|---:|---|");
    for (ColdStartBench.Client client : clients) {
      out.println(
          "| "
              + client.name()
              + " | "
              + clientBytes(client, o.handlerJar())
              + " | "
              + (client.service() == null ? "(the handler's own)" : "`" + client.service() + "`")
              + " |");
    }
    out.println();
    out.println(
        "Each client runs the same handler (the Lambda jar), configured alike (time-outs from"
            + " the handler's configuration, the SDK's defaults otherwise), selected in the child"
            + " JVM by the SDK's `"
            + DynamoDbClients.HTTP_SERVICE_PROPERTY
            + "` property with its jars after the Lambda jar. CPU = the request thread's CPU time"
            + " (the handler, the SDK and the blocking client all run on it). Bytes: the Apache 5"
            + " client's share of the Lambda jar as built (Apache HttpClient 5 and the SDK's"
            + " adapter); for the others the size of the jars they would add. The AWS CRT client"
            + " is not run: its jar (aws-crt, native code for every platform) is about 23.6 MB,"
            + " three times the whole Lambda jar's budget.");
    out.println();
  }

  /** A client's bytes in the Lambda jar: its entries there, or else the jars it would add. */
  static long clientBytes(ColdStartBench.Client client, Path handlerJar) throws IOException {
    if (client.service() != null) {
      long sum = 0;
      for (Path jar : client.jars()) {
        sum += Files.size(jar);
      }
      return sum;
    }
    long sum = 0;
    try (ZipFile zip = new ZipFile(handlerJar.toFile())) {
      var entries = zip.entries();
      while (entries.hasMoreElements()) {
        var e = entries.nextElement();
        if (e.getName().startsWith("org/apache/hc/")
            || e.getName().startsWith("software/amazon/awssdk/http/apache5/")) {
          sum += e.getCompressedSize();
        }
      }
    }
    return sum;
  }

  private static double median(List<Double> values) {
    return Stats.median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static String fmt(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** The flags as a row shows them: archives by file name, not by their temporary directory. */
  static String displayFlags(List<String> flags) {
    return flags.stream()
        .map(f -> f.replaceFirst("=.*[/\\\\]([^/\\\\]+)$", "=$1"))
        .collect(java.util.stream.Collectors.joining(" "));
  }

  private static String childMedian(ColdStartBench.Result r, String key) {
    List<Double> values = r.childMillis().get(key);
    if (values == null || values.isEmpty() || !r.variant().handler()) {
      return "–";
    }
    return fmt(median(values), 0);
  }

  private void warm(Options o, Dynalite dynamoDb) throws IOException {
    // Long enough for the JIT to finish with the request path: C2 compiles a method after about
    // 10,000 calls, and the handler's methods are called a few times per iteration; after only
    // 250 iterations much of the path still ran as C1's profiling code (measured: the handler's
    // own p50 about a quarter higher than after 1,000).
    int warmup = Math.max(2000, o.warmIterations());
    out.println(
        "## 2. Warm latency (information; handler in-process, dynalite over plain HTTP; "
            + o.warmIterations()
            + " measured iterations after "
            + warmup
            + " warm-up)");
    out.println();
    WarmLatency bench = new WarmLatency(dynamoDb.endpoint(), TABLE);
    Map<String, WarmLatency.Samples> samples = bench.run(warmup, o.warmIterations());
    out.println(
        "| operation | p50 ms | p99 ms | handler's own p50 µs | handler's own p99 µs | handler share of p50 | SDK's own p50 ms |");
    out.println("|---|---:|---:|---:|---:|---:|---:|");
    Map<String, Results.Operation> results = new java.util.LinkedHashMap<>();
    samples.forEach(
        (op, s) -> {
          Stats total = new Stats(s.total());
          long[] own = new long[s.total().length];
          long[] sdkOwn = new long[own.length];
          for (int i = 0; i < own.length; i++) {
            own[i] = s.total()[i] - s.dynamoDb()[i];
            sdkOwn[i] = s.dynamoDb()[i] - s.wire()[i];
          }
          Stats handler = new Stats(own);
          Stats sdk = new Stats(sdkOwn);
          double share = (double) handler.percentile(50) / total.percentile(50);
          results.put(
              op,
              new Results.Operation(
                  total.percentile(50) / 1e6,
                  total.percentile(99) / 1e6,
                  handler.percentile(50) / 1e6,
                  handler.percentile(99) / 1e6,
                  sdk.percentile(50) / 1e6));
          out.println(
              "| "
                  + op
                  + " | "
                  + Stats.ms(total.percentile(50), 2)
                  + " | "
                  + Stats.ms(total.percentile(99), 2)
                  + " | "
                  + micros(handler.percentile(50))
                  + " | "
                  + micros(handler.percentile(99))
                  + " | "
                  + String.format(Locale.ROOT, "%.1f%%", 100 * share)
                  + " | "
                  + Stats.ms(sdk.percentile(50), 3)
                  + " |");
        });
    out.println();
    out.println(
        "handler's own = total minus the time inside DynamoDB calls (SDK beforeExecution →"
            + " afterExecution: marshalling, signing, HTTP and dynalite's work). SDK's own = the"
            + " time inside those calls minus the time on the wire (beforeTransmission →"
            + " afterTransmission: the HTTP exchange and dynalite's work), which"
            + " scripts/cost.sh adds to the handler's own as the compute Lambda bills.");
    out.println();
    // For scripts/cost.sh: the warm figures and a typical user's stored and logged size.
    Footprint.Sizes sizes = Footprint.measure(dynamoDb.endpoint(), TABLE);
    new Results(Instant.now().toString(), results, sizes.itemBytes(), sizes.requestLogBytes())
        .write(Results.DEFAULT_PATH);

    out.println("## 3. DynamoDB requests per operation (counted with an SDK interceptor)");
    out.println();
    out.println("| operation | calls (min–max) | HTTP attempts (max) |");
    out.println("|---|---:|---:|");
    samples.forEach(
        (op, s) -> {
          int min = Arrays.stream(s.calls()).min().orElse(-1);
          int max = Arrays.stream(s.calls()).max().orElse(-1);
          int attempts = Arrays.stream(s.attempts()).max().orElse(-1);
          out.println(
              "| "
                  + op
                  + (op.equals("list") ? " (page of 25)" : "")
                  + " | "
                  + (min == max ? Integer.toString(min) : min + "–" + max)
                  + " | "
                  + attempts
                  + " |");
          if (!op.equals("list")) {
            target(
                min == 1 && max == 1,
                "exactly 1 DynamoDB request per " + op + ": " + min + "–" + max);
          }
        });
    bench
        .edgeCases()
        .forEach(
            (name, c) ->
                out.println("| " + name + " | " + c.calls() + " | " + c.attempts() + " |"));
    out.println();
  }

  private void throughput(Options o) throws Exception {
    List<Integer> concurrencies = List.of(1, 8, 32);
    int rounds = THROUGHPUT_ROUNDS;
    out.println(
        "## 4. Throughput (information; loopback; local server = HTTP → API Gateway event → handler →"
            + " dynalite; direct = SDK → the same dynalite; ≤ "
            + o.maxRequests()
            + " requests or "
            + o.maxSeconds()
            + " s per row and round, in two halves; median of "
            + rounds
            + " rounds run while the JIT was quiet)");
    out.println();
    Throughput bench = new Throughput();
    try {
      bench.seed();
      Throughput.Run run =
          bench.run(
              concurrencies, rounds, THROUGHPUT_BUSY_ROUNDS, o.maxRequests(), o.maxSeconds(), 0.5);
      List<Throughput.Cell> cells = run.cells();
      out.println(
          "| operation | concurrency | local server req/s | local p99 ms | direct DynamoDB req/s | direct p99 ms | local / direct | local / direct per round |");
      out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
      for (Throughput.Cell cell : cells) {
        double ratio = cell.medianRatio();
        String op =
            cell.op().equals("GET") ? "GET /users/{u} vs GetItem" : "POST /users vs PutItem";
        out.println(
            "| "
                + op
                + " | "
                + cell.concurrency()
                + " | "
                + String.format(Locale.ROOT, "%.0f", Throughput.Cell.medianPerSecond(cell.local()))
                + " | "
                + Stats.ms(Throughput.Cell.medianP99(cell.local()), 2)
                + " | "
                + String.format(Locale.ROOT, "%.0f", Throughput.Cell.medianPerSecond(cell.direct()))
                + " | "
                + Stats.ms(Throughput.Cell.medianP99(cell.direct()), 2)
                + " | "
                + percent(ratio)
                + " | "
                + java.util.Arrays.stream(cell.ratios())
                    .mapToObj(Benchmark::percent)
                    .collect(java.util.stream.Collectors.joining(" / "))
                + " |");
      }
      out.println();
      out.println(
          "Each round measures every row as direct, local, local, direct, each with half the"
              + " bounds and a 0.5 s warm-up, so that each side runs once before and once after"
              + " the other; req/s and p99 are the medians of the rounds, local / direct the"
              + " median of the rounds' own ratios. Only rounds in which the JIT compiled for"
              + " less than "
              + percent(Throughput.QUIET_JIT)
              + " of the round's time are measured (up to "
              + THROUGHPUT_BUSY_ROUNDS
              + " more rounds run to find them): on two cores the JIT needs a minute or two"
              + " under load to compile the local side's code (Jetty, the handler, the SDK in"
              + " it), and a round before that measures the JIT. Rounds run here, JIT compile"
              + " time as a share of each: "
              + run.rounds().stream()
                  .map(r -> percent(r.jitShare()) + (r.measured() ? " (measured)" : " (dropped)"))
                  .collect(java.util.stream.Collectors.joining(", "))
              + ". Both sides run in this one JVM:"
              + " the local side's load client is a minimal HTTP/1.1 client on kept-alive"
              + " connections, the direct side's is the SDK client the handler uses.");
      out.println();
      out.println(
          "CPU per request in µs (medians of the rounds): the load threads (client), the rest"
              + " of this JVM (on the local side Jetty and the handler; on both the garbage"
              + " collector and the JIT) and the engine's Node.js process. The machine has "
              + Runtime.getRuntime().availableProcessors()
              + " cores: a side can serve at most that many seconds of CPU per second.");
      out.println();
      out.println(
          "| operation | concurrency | local: client | local: rest of JVM | local: engine | local: total | direct: client | direct: rest of JVM | direct: engine | direct: total |");
      out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
      for (Throughput.Cell cell : cells) {
        StringBuilder row =
            new StringBuilder("| ").append(cell.op()).append(" | ").append(cell.concurrency());
        for (List<Throughput.Result> side : List.of(cell.local(), cell.direct())) {
          double[] cpu = Throughput.Cell.medianCpuMicros(side);
          for (double part : cpu) {
            row.append(" | ").append(String.format(Locale.ROOT, "%.0f", part));
          }
          row.append(" | ").append(String.format(Locale.ROOT, "%.0f", cpu[0] + cpu[1] + cpu[2]));
        }
        out.println(row.append(" |"));
      }
      out.println();
    } finally {
      bench.close();
    }
  }

  private void artifact(Options o) throws IOException {
    out.println("## 5. Artifact");
    out.println();
    long size = Files.size(o.handlerJar());
    int entries;
    try (ZipFile zip = new ZipFile(o.handlerJar().toFile())) {
      entries = zip.size();
    }
    boolean reproducible = o.sha256().size() >= 2 && o.sha256().stream().distinct().count() == 1;
    out.println("| jar | bytes | MB (10^6) | entries | sha256 per clean build | reproducible |");
    out.println("|---|---:|---:|---:|---|---|");
    out.println(
        "| "
            + o.handlerJar()
            + " | "
            + size
            + " | "
            + String.format(Locale.ROOT, "%.2f", size / 1e6)
            + " | "
            + entries
            + " | "
            + (o.sha256().isEmpty() ? "(not built twice)" : String.join("<br>", o.sha256()))
            + " | "
            + (o.sha256().size() < 2 ? "not checked" : reproducible ? "yes" : "**no**")
            + " |");
    out.println();
    target(
        size <= JAR_BUDGET_BYTES,
        "handler jar ≤ 9 MB (8 MB before the Apache 5 client; see section 7): "
            + String.format(Locale.ROOT, "%.2f MB", size / 1e6));
    target(reproducible, "handler jar reproducible across two clean builds");
  }

  /** Rounds of the throughput section; its targets are on their median. */
  private static final int THROUGHPUT_ROUNDS = 3;

  /** Rounds run beyond those, at most, to find rounds the JIT was quiet in (Throughput#run). */
  private static final int THROUGHPUT_BUSY_ROUNDS = 3;

  /** The Lambda jar's budget (LambdaJarTests checks the same). */
  static final long JAR_BUDGET_BYTES = 9_000_000L;

  /** Nanoseconds as whole microseconds. */
  static String micros(long nanos) {
    return String.format(Locale.ROOT, "%.0f", nanos / 1e3);
  }

  private static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * ratio);
  }

  private void localStart() throws IOException, InterruptedException {
    int runs = LocalStart.DEFAULT_RUNS;
    LocalStart.Result r = new LocalStart(LocalStart.SCRIPT).run(runs);
    Stats s = new Stats(r.nanos());
    out.println("## 6. Local mode start-up");
    out.println();
    out.println(
        "| `scripts/run-local.sh --port N`, start to first `GET /users` 200 | runs | median s | max"
            + " s |");
    out.println("|---|---:|---:|---:|");
    out.println(
        "| first run (unmeasured: builds and writes the class archive if due) | 1 | "
            + LocalStart.seconds(r.firstRunNanos())
            + " | "
            + LocalStart.seconds(r.firstRunNanos())
            + " |");
    out.println(
        "| nothing changed since the last build | "
            + runs
            + " | "
            + LocalStart.seconds(s.median())
            + " | "
            + LocalStart.seconds(s.max())
            + " |");
    out.println();
    out.println(
        "Each run is stopped with SIGTERM and its dynalite child with it; processes that had to"
            + " be killed after "
            + LocalStart.STOP_GRACE.toSeconds()
            + " s: "
            + r.leftRunning()
            + ".");
    out.println();
    target(
        s.median() <= 3e9,
        "local mode answers within 3 s of scripts/run-local.sh, nothing changed (median of "
            + runs
            + "): "
            + LocalStart.seconds(s.median())
            + " s");
  }
}
