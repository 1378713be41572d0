package com.example.users.benchmark;

import com.example.users.benchmark.cost.Footprint;
import com.example.users.benchmark.cost.Results;
import com.example.users.config.DynamoDbClients;
import com.example.users.config.HandlerConfig;
import com.example.users.dynalite.Dynalite;
import com.example.users.local.LocalServer;
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
 * --launcher-jar PATH   the cold-start launcher (benchmark/target/benchmark-launcher.jar)
 * --sha256 HEX          the jar's sha256 after a clean build; give it once per build
 * --cold-runs N         cold starts per variant (default 10, at least 10)
 * --warm-iterations N   measured iterations of the warm loop (default 500)
 * --max-requests N      per throughput scenario (default 4000)
 * --max-seconds S       per throughput scenario (default 4)
 * --only SECTIONS       a comma-separated subset of cold,warm,throughput,artifact,local-start
 *                       (default all)
 * --aot-java PATH       a JDK 25+ java binary: adds cold starts from an AOT cache made with it
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
      Path aotJava) {

    static Options parse(String[] args) {
      Path handler = Path.of("handler/target/handler-lambda.jar");
      Path launcher = Path.of("benchmark/target/benchmark-launcher.jar");
      List<String> sha = new ArrayList<>();
      int cold = 10;
      int warm = 500;
      int max = 4000;
      double seconds = 4;
      java.util.Set<String> sections =
          java.util.Set.of("cold", "warm", "throughput", "artifact", "local-start");
      Path aotJava = null;
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
          case "--only" -> sections = java.util.Set.of(value.split(","));
          case "--aot-java" -> aotJava = Path.of(value);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
        i++;
      }
      if (cold < 10) {
        throw new IllegalArgumentException("--cold-runs must be at least 10");
      }
      return new Options(
          handler, launcher, List.copyOf(sha), cold, warm, max, seconds, sections, aotJava);
    }
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
      UserTable.createIfAbsent(admin, TABLE);
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
            + " runs per row, interleaved; fresh JVM until the first response is read)");
    out.println();
    ColdStartBench bench =
        new ColdStartBench(o.launcherJar(), o.handlerJar(), dynamoDb.endpoint(), TABLE, COLD_USER);
    if (o.aotJava() != null) {
      bench.withAotCache(o.aotJava());
    }
    List<ColdStartBench.Result> results = bench.run(o.coldRuns());
    out.println(
        "| JVM | median ms | max ms | × bare JVM (median) | init ms (median) | prime ms | first request ms (median) | classes loaded (CDS / jrt / jar) |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
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
      if (r.variant().handler() && !r.variant().prime()) {
        target(
            s.median() <= 8 * bare,
            "cold start ≤ 8× a bare JVM start ("
                + r.variant().name()
                + "): "
                + ratio
                + "× ("
                + Stats.ms(s.median(), 0)
                + " ms vs "
                + Stats.ms(bare, 0)
                + " ms)");
      }
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
              + childMedian(r, "primeMs")
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
        "init = the handler's constructor (SDK client, config); prime = `beforeCheckpoint` (what"
            + " SnapStart runs before the snapshot); first request = one `GET /users/{username}`"
            + " (200) after that. The primed row shows the first request a SnapStart restore"
            + " would serve; its wall time includes priming, which SnapStart pays once at deploy."
            + " The AppCDS row runs the same JVM from a dynamic class-data-sharing archive that a"
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
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return String.format(Locale.ROOT, "%.0f", median);
  }

  private void warm(Options o, Dynalite dynamoDb) throws IOException {
    int warmup = Math.max(200, o.warmIterations() / 2);
    out.println(
        "## 2. Warm latency (handler in-process, dynalite; "
            + o.warmIterations()
            + " measured iterations after "
            + warmup
            + " warm-up)");
    out.println();
    WarmLatency bench = new WarmLatency(dynamoDb.endpoint(), TABLE);
    Map<String, WarmLatency.Samples> samples = bench.run(warmup, o.warmIterations());
    out.println(
        "| operation | p50 ms | p99 ms | handler's own p50 ms | handler's own p99 ms | handler share of p50 |");
    out.println("|---|---:|---:|---:|---:|---:|");
    Map<String, Results.Operation> results = new java.util.LinkedHashMap<>();
    samples.forEach(
        (op, s) -> {
          Stats total = new Stats(s.total());
          long[] own = new long[s.total().length];
          for (int i = 0; i < own.length; i++) {
            own[i] = s.total()[i] - s.dynamoDb()[i];
          }
          Stats handler = new Stats(own);
          results.put(
              op,
              new Results.Operation(
                  total.percentile(50) / 1e6,
                  total.percentile(99) / 1e6,
                  handler.percentile(50) / 1e6,
                  handler.percentile(99) / 1e6));
          out.println(
              "| "
                  + op
                  + " | "
                  + Stats.ms(total.percentile(50), 2)
                  + " | "
                  + Stats.ms(total.percentile(99), 2)
                  + " | "
                  + Stats.ms(handler.percentile(50), 3)
                  + " | "
                  + Stats.ms(handler.percentile(99), 3)
                  + " | "
                  + String.format(
                      Locale.ROOT, "%.0f%%", 100.0 * handler.percentile(50) / total.percentile(50))
                  + " |");
        });
    out.println();
    out.println(
        "handler's own = total minus the time inside DynamoDB calls (SDK beforeExecution →"
            + " afterExecution: marshalling, signing, HTTP and dynalite's work).");
    out.println();
    // For scripts/cost.sh: the warm figures and a typical user's stored and logged size.
    Footprint.Sizes sizes = Footprint.measure(dynamoDb.endpoint(), TABLE);
    new Results(Instant.now().toString(), results, sizes.itemBytes(), sizes.requestLogBytes())
        .write(Results.DEFAULT_PATH);

    out.println("## 4. DynamoDB requests per operation (counted with an SDK interceptor)");
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
    out.println(
        "## 3. Throughput (loopback; local server = HTTP → API Gateway event → handler →"
            + " dynalite; direct = SDK → the same dynalite; ≤ "
            + o.maxRequests()
            + " requests or "
            + o.maxSeconds()
            + " s per row)");
    out.println();
    Throughput bench = new Throughput();
    try {
      bench.seed();
      List<Throughput.Result> results =
          bench.run(concurrencies, o.maxRequests(), o.maxSeconds(), 1.0);
      out.println(
          "| operation | concurrency | local server req/s | local p99 ms | direct DynamoDB req/s | direct p99 ms | local / direct |");
      out.println("|---|---:|---:|---:|---:|---:|---:|");
      for (int i = 0; i < results.size(); i += 2) {
        Throughput.Result direct = results.get(i);
        Throughput.Result local = results.get(i + 1);
        double ratio = local.perSecond() / direct.perSecond();
        String op =
            local.op().equals("GET") ? "GET /users/{u} vs GetItem" : "POST /users vs PutItem";
        out.println(
            "| "
                + op
                + " | "
                + local.concurrency()
                + " | "
                + String.format(Locale.ROOT, "%.0f", local.perSecond())
                + " | "
                + Stats.ms(local.latency().percentile(99), 2)
                + " | "
                + String.format(Locale.ROOT, "%.0f", direct.perSecond())
                + " | "
                + Stats.ms(direct.latency().percentile(99), 2)
                + " | "
                + String.format(Locale.ROOT, "%.0f%%", 100 * ratio)
                + " |");
        target(
            ratio >= 0.70,
            "local server ≥ 70% of direct dynalite throughput ("
                + local.op()
                + ", concurrency "
                + local.concurrency()
                + "): "
                + String.format(Locale.ROOT, "%.0f%%", 100 * ratio));
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
        size <= 8_000_000,
        "handler jar ≤ 8 MB: " + String.format(Locale.ROOT, "%.2f MB", size / 1e6));
    target(reproducible, "handler jar reproducible across two clean builds");
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
            + " be killed after 20 s: "
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
