package com.example.users.benchmark;

import com.example.users.benchmark.launcher.ColdStart;
import com.example.users.storage.DynamoDbClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold starts in fresh JVMs: the time from starting {@code java} to reading the {@code RESULT} line
 * the child prints once it has answered (the handler: after init and one GET; the bare JVM: at
 * once). Variants run interleaved, round after round, so that drift on a shared machine hits them
 * all alike; two rounds warm the page cache first and are dropped.
 */
final class ColdStartBench {

  /**
   * The JVM flags a Lambda java17/java21 function runs with: the C1-only JIT it sets in
   * JAVA_TOOL_OPTIONS (also these runtimes' default), and the serial collector, these runtimes'
   * default garbage collector (AWS Lambda developer guide, "Customize Java runtime startup
   * behavior").
   */
  static final List<String> LAMBDA_FLAGS =
      List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\S+)");

  /**
   * A child JVM configuration.
   *
   * @param java the {@code java} binary, or null for the benchmark's own JDK
   * @param baseline the name of the bare-JVM variant this one is compared with
   */
  record Variant(
      String name,
      List<String> jvmFlags,
      boolean handler,
      boolean prime,
      Path java,
      String baseline) {

    Variant(String name, List<String> jvmFlags, boolean handler, boolean prime, String baseline) {
      this(name, jvmFlags, handler, prime, null, baseline);
    }
  }

  /** The measurements of one variant. */
  record Result(
      Variant variant,
      long[] wallNanos,
      Map<String, List<Double>> childMillis,
      ClassCount classes) {}

  /** Classes loaded, by where they came from. */
  record ClassCount(int total, int cds, int jdk, int handlerJar) {}

  private static final String BARE = "bare java (hello world)";
  private static final String BARE_LAMBDA = "bare java, Lambda flags";
  private static final String BARE_AOT_JDK = "bare java on the AOT JDK, Lambda flags";

  static final List<Variant> VARIANTS =
      List.of(
          new Variant(BARE, List.of(), false, false, BARE),
          new Variant("handler, default JIT", List.of(), true, false, BARE),
          new Variant(BARE_LAMBDA, LAMBDA_FLAGS, false, false, BARE_LAMBDA),
          new Variant("handler, Lambda flags", LAMBDA_FLAGS, true, false, BARE_LAMBDA));

  /**
   * JVM options a SnapStart function could run with.
   *
   * @param name what the rows call it
   * @param flags the flags, as {@code JAVA_TOOL_OPTIONS} would carry them (with the serial
   *     collector these runtimes use)
   * @param deployed whether these are the options the stack deploys by default (its {@code
   *     javaToolOptions}); the targets are checked on them
   */
  record JvmOptions(String name, List<String> flags, boolean deployed) {}

  /**
   * The options compared for a SnapStart function: C1 only, which the java17/java21 runtimes apply
   * by default and the stack's {@code javaToolOptions} states; and the JVM's own tiered default (C1
   * then C2), which a function gets with {@code -XX:TieredStopAtLevel=4} and which the java25
   * runtime uses under SnapStart (AWS Lambda developer guide, "Customize Java runtime startup
   * behavior").
   */
  static final List<JvmOptions> SNAPSTART_OPTIONS =
      List.of(
          new JvmOptions("C1 only (runtime default)", LAMBDA_FLAGS, true),
          new JvmOptions(
              "C1 + C2 (tiered)",
              List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=4", "-XX:+UseSerialGC"),
              false));

  /**
   * An SDK HTTP client the handler can run on in the child JVMs.
   *
   * @param name what the rows call it
   * @param service the {@code SdkHttpService} class the child names in {@link
   *     DynamoDbClients#HTTP_SERVICE_PROPERTY}, or null for the handler's own client
   * @param jars the client's jars, added to the child's class path after the Lambda jar
   */
  record Client(String name, String service, List<Path> jars) {

    /** The handler's own client, from the Lambda jar. */
    static final Client HANDLER = new Client("Apache 5 (the handler's)", null, List.of());

    /** File-name prefixes of the jars each other client needs beside the Lambda jar. */
    static final Map<String, List<String>> JAR_PREFIXES =
        Map.of(
            "url-connection", List.of("url-connection-client-"),
            "apache4",
                List.of(
                    "apache-client-",
                    "httpclient-4",
                    "httpcore-4",
                    "commons-logging-",
                    "commons-codec-"));

    /**
     * The clients compared: the handler's own, the JDK's URL connection as the SDK ships it (no
     * workarounds), and the SDK's deprecated Apache 4.5 client, with their jars found among {@code
     * classPath}.
     *
     * @throws IllegalStateException if a client's jar is missing from the class path
     */
    static List<Client> compared(List<Path> classPath) {
      return List.of(
          HANDLER,
          new Client(
              "URL connection (JDK; the SDK's, no workarounds)",
              "software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService",
              jars(classPath, JAR_PREFIXES.get("url-connection"))),
          new Client(
              "Apache 4.5 (deprecated in the SDK)",
              "software.amazon.awssdk.http.apache.ApacheSdkHttpService",
              jars(classPath, JAR_PREFIXES.get("apache4"))));
    }

    /** One jar per prefix, from the class path. */
    static List<Path> jars(List<Path> classPath, List<String> prefixes) {
      List<Path> found = new ArrayList<>();
      for (String prefix : prefixes) {
        found.add(
            classPath.stream()
                .filter(p -> isJar(p, prefix))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "No " + prefix + "*.jar on the class path: run scripts/benchmark.sh")));
      }
      return List.copyOf(found);
    }

    private static boolean isJar(Path path, String prefix) {
      Path name = path.getFileName();
      if (name == null) {
        return false;
      }
      String file = name.toString();
      return file.startsWith(prefix) && file.endsWith(".jar");
    }

    /** The JVM flags that select this client in a child JVM. */
    List<String> flags() {
      return service == null
          ? List.of()
          : List.of("-D" + DynamoDbClients.HTTP_SERVICE_PROPERTY + "=" + service);
    }
  }

  /** The benchmark JVM's own class path, entry by entry. */
  static List<Path> ownClassPath() {
    return java.util.Arrays.stream(
            System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(e -> !e.isEmpty())
        .map(Path::of)
        .toList();
  }

  /**
   * The first request after priming, per operation and options: what a SnapStart restore serves
   * first. {@code firstMs} and {@code primeMs} hold one value per run.
   */
  record RestoreResult(
      JvmOptions options, String operation, List<Double> firstMs, List<Double> primeMs) {}

  /**
   * One operation's figures after priming and 1,000 requests, per options: p50 and p99 of each
   * run's measured requests.
   */
  record SteadyResult(JvmOptions options, Map<String, List<Double>> fields) {}

  /**
   * With a JDK that has an AOT cache (JDK 25+, JEP 483/514): a bare start on that JDK, and the
   * handler started from a cache that a training run (priming included) made with that same JDK.
   */
  static List<Variant> aotVariants(Path java, Path cache) {
    List<String> flags = new ArrayList<>(LAMBDA_FLAGS);
    flags.add("-XX:AOTCache=" + cache);
    return List.of(
        new Variant(BARE_AOT_JDK, LAMBDA_FLAGS, false, false, java, BARE_AOT_JDK),
        new Variant(
            "handler, Lambda flags, AOT cache (JDK 25+)", flags, true, false, java, BARE_AOT_JDK));
  }

  /**
   * The handler started from a dynamic application class-data-sharing archive (JDK 13+) that a
   * training run (priming included) on the benchmark's own JVM wrote: the same JVM as the rows
   * above, so it shows how much of the cold start is loading and linking classes.
   */
  static Variant appCdsVariant(Path archive) {
    List<String> flags = new ArrayList<>(LAMBDA_FLAGS);
    flags.add("-XX:SharedArchiveFile=" + archive);
    return new Variant("handler, Lambda flags, AppCDS archive", flags, true, false, BARE_LAMBDA);
  }

  private final Path javaBinary;
  private final List<Variant> variants = new ArrayList<>(VARIANTS);
  private final Path appCdsArchive;
  private Path aotJava;
  private Path aotCache;
  private final Path launcherJar;
  private final Path handlerJar;
  private final URI endpoint;
  private final String table;
  private final String username;
  private final List<String> childFlags = new ArrayList<>();

  ColdStartBench(Path launcherJar, Path handlerJar, URI endpoint, String table, String username)
      throws IOException {
    this.javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
    this.appCdsArchive = Files.createTempDirectory("appcds-").resolve("handler.jsa");
    variants.add(appCdsVariant(appCdsArchive));
    this.launcherJar = launcherJar;
    this.handlerJar = handlerJar;
    this.endpoint = endpoint;
    this.table = table;
    this.username = username;
  }

  /** Also measures the handler started from an AOT cache made by {@code java} (JDK 25+). */
  ColdStartBench withAotCache(Path java) throws IOException {
    this.aotJava = java;
    this.aotCache = Files.createTempDirectory("aot-").resolve("handler.aot");
    variants.addAll(aotVariants(java, aotCache));
    return this;
  }

  /**
   * Gives every child JVM these flags too (the benchmark's trust store for an engine serving TLS).
   */
  ColdStartBench withChildFlags(List<String> flags) {
    childFlags.addAll(flags);
    return this;
  }

  /** The variants measured, in order. */
  List<Variant> variants() {
    return List.copyOf(variants);
  }

  List<Result> run(int rounds) throws IOException, InterruptedException {
    // The AppCDS training run: the same launcher, primed, writing the archive at exit.
    List<String> dump = new ArrayList<>(LAMBDA_FLAGS);
    dump.add("-XX:ArchiveClassesAtExit=" + appCdsArchive);
    once(new Variant("AppCDS training run", dump, true, true, BARE_LAMBDA), List.of());
    if (!Files.isRegularFile(appCdsArchive)) {
      throw new IllegalStateException(
          "The AppCDS training run wrote no archive at " + appCdsArchive);
    }
    if (aotJava != null) {
      // The training run: the same launcher, primed, writing the cache the AOT variant reads.
      List<String> train = new ArrayList<>(LAMBDA_FLAGS);
      train.add("-XX:AOTCacheOutput=" + aotCache);
      once(new Variant("AOT training run", train, true, true, aotJava, BARE_AOT_JDK), List.of());
      if (!Files.isRegularFile(aotCache)) {
        throw new IllegalStateException("The AOT training run wrote no cache at " + aotCache);
      }
    }
    Map<Variant, List<Long>> wall = new LinkedHashMap<>();
    Map<Variant, Map<String, List<Double>>> child = new LinkedHashMap<>();
    variants.forEach(
        v -> {
          wall.put(v, new ArrayList<>());
          child.put(v, new LinkedHashMap<>());
        });
    int warmupRounds = 2;
    for (int round = 0; round < warmupRounds + rounds; round++) {
      for (Variant v : variants) {
        Run r = once(v, List.of());
        if (round >= warmupRounds) {
          wall.get(v).add(r.nanos);
          r.fields.forEach(
              (k, value) -> {
                if (k.endsWith("Ms")) {
                  child
                      .get(v)
                      .computeIfAbsent(k, x -> new ArrayList<>())
                      .add(Double.parseDouble(value));
                }
              });
        }
      }
    }
    List<Result> results = new ArrayList<>();
    for (Variant v : variants) {
      results.add(
          new Result(
              v,
              wall.get(v).stream().mapToLong(Long::longValue).toArray(),
              child.get(v),
              classes(v)));
    }
    return results;
  }

  /** One extra run with class-load logging to a file, counted by source. */
  private ClassCount classes(Variant v) throws IOException, InterruptedException {
    Path log = Files.createTempFile("class-load-", ".log");
    try {
      once(v, List.of("-Xlog:class+load=info:file=" + log));
      int total = 0;
      int cds = 0;
      int jdk = 0;
      int jar = 0;
      String jarName = String.valueOf(handlerJar.toAbsolutePath().getFileName());
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (!line.contains(" source: ")) {
          continue;
        }
        total++;
        if (line.contains("source: shared objects file")) {
          cds++;
        } else if (line.contains("source: jrt:/")) {
          jdk++;
        } else if (line.contains(jarName)) {
          jar++;
        }
      }
      return new ClassCount(total, cds, jdk, jar);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private record Run(long nanos, Map<String, String> fields) {}

  private Run once(Variant v, List<String> extraFlags) throws IOException, InterruptedException {
    List<String> jvm = new ArrayList<>(v.jvmFlags());
    jvm.addAll(extraFlags);
    if (!v.handler()) {
      List<String> command = new ArrayList<>();
      command.add((v.java() != null ? v.java() : javaBinary).toString());
      command.addAll(jvm);
      command.add("-cp");
      command.add(launcherJar.toString());
      command.add("com.example.users.benchmark.launcher.Hello");
      return execute(v.name(), command, false);
    }
    List<String> args = new ArrayList<>(List.of("get", username));
    if (v.prime()) {
      args.add("--prime");
    }
    return execute(v.name(), launcher(v.java(), jvm, Client.HANDLER, args), true);
  }

  /**
   * The command that runs the cold-start launcher with these JVM flags and arguments, the handler
   * on {@code client}.
   */
  List<String> launcher(Path jdk, List<String> jvmFlags, Client client, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add((jdk != null ? jdk : javaBinary).toString());
    command.addAll(jvmFlags);
    command.addAll(childFlags);
    command.addAll(client.flags());
    StringBuilder classPath =
        new StringBuilder()
            .append(launcherJar)
            .append(java.io.File.pathSeparator)
            .append(handlerJar);
    client.jars().forEach(j -> classPath.append(java.io.File.pathSeparator).append(j));
    command.add("-cp");
    command.add(classPath.toString());
    command.add("com.example.users.benchmark.launcher.ColdStart");
    command.addAll(args);
    return command;
  }

  /**
   * The first request after priming and an idle pause in which the engine closes the pooled
   * connection, {@code runs} times per operation and options, interleaved, the handler on {@code
   * client}. Updates and reads name the seeded user; each create a new name; each delete a user
   * {@code seed} creates for it first.
   *
   * @param idle how long each JVM idles after priming: longer than the engine's idle time-out
   */
  List<RestoreResult> restore(
      int runs,
      java.util.function.Consumer<String> seed,
      List<JvmOptions> options,
      Client client,
      java.time.Duration idle)
      throws IOException, InterruptedException {
    Map<String, RestoreResult> results = new LinkedHashMap<>();
    for (JvmOptions o : options) {
      for (String op : ColdStart.OPERATIONS) {
        results.put(o.name() + op, new RestoreResult(o, op, new ArrayList<>(), new ArrayList<>()));
      }
    }
    for (int run = 0; run < runs; run++) {
      for (JvmOptions o : options) {
        for (String op : ColdStart.OPERATIONS) {
          String user =
              switch (op) {
                case "create", "delete" -> "restore-" + op + "-" + run + "-" + System.nanoTime();
                default -> username;
              };
          if (op.equals("delete")) {
            seed.accept(user);
          }
          Run r =
              execute(
                  o.name() + ", " + client.name() + ", first " + op,
                  launcher(
                      null,
                      o.flags(),
                      client,
                      List.of(op, user, "--prime", "--idle", Long.toString(idle.toMillis()))),
                  true,
                  Integer.toString(ColdStart.expectedStatus(op)));
          RestoreResult result = results.get(o.name() + op);
          result.firstMs().add(Double.parseDouble(r.fields.get("invokeMs")));
          result.primeMs().add(Double.parseDouble(r.fields.get("primeMs")));
        }
      }
    }
    return List.copyOf(results.values());
  }

  /**
   * After priming, {@code requests} requests to warm up and as many measured, {@code runs} times
   * per options, interleaved, the handler on {@code client}: each run's p50 and p99 and CPU per
   * request per operation, and its first GET.
   */
  List<SteadyResult> steady(int runs, int requests, List<JvmOptions> options, Client client)
      throws IOException, InterruptedException {
    Map<JvmOptions, SteadyResult> results = new LinkedHashMap<>();
    options.forEach(o -> results.put(o, new SteadyResult(o, new LinkedHashMap<>())));
    for (int run = 0; run < runs; run++) {
      for (JvmOptions o : options) {
        Run r =
            execute(
                o.name() + ", " + client.name() + ", 2 x " + requests + " requests",
                launcher(
                    null,
                    o.flags(),
                    client,
                    List.of("get", username, "--prime", "--warm", Integer.toString(requests))),
                true);
        r.fields.forEach(
            (k, v) -> {
              if (k.endsWith("Ms") || k.endsWith("Us")) {
                results
                    .get(o)
                    .fields()
                    .computeIfAbsent(k, x -> new ArrayList<>())
                    .add(Double.parseDouble(v));
              }
            });
      }
    }
    return List.copyOf(results.values());
  }

  private Run execute(String name, List<String> command, boolean handler)
      throws IOException, InterruptedException {
    return execute(name, command, handler, "200");
  }

  private Run execute(String name, List<String> command, boolean handler, String expectedStatus)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.keySet()
        .removeIf(k -> k.startsWith("AWS_") || k.startsWith("JAVA_") || k.startsWith("JDK_"));
    env.remove("_JAVA_OPTIONS");
    env.put("USERS_TABLE_NAME", table);
    env.put("AWS_REGION", "us-east-1");
    env.put("DYNAMODB_ENDPOINT", endpoint.toString());
    env.put("AWS_ACCESS_KEY_ID", "local");
    env.put("AWS_SECRET_ACCESS_KEY", "local");
    // The child's error output (its request log, and a failure's stack trace) goes to a file that
    // a failed run's message quotes the end of.
    Path errors = Files.createTempFile("cold-start-", ".err");
    pb.redirectError(errors.toFile());
    long start = System.nanoTime();
    Process p = pb.start();
    String result = null;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("RESULT")) {
          result = line;
          break;
        }
      }
      long nanos = System.nanoTime() - start;
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(name + ": the child JVM did not exit");
      }
      if (result == null || p.exitValue() != 0) {
        throw new IllegalStateException(
            name
                + ": no result (exit "
                + p.exitValue()
                + "); run "
                + String.join(" ", command)
                + "\nIts error output ended:\n"
                + tail(errors));
      }
      Map<String, String> fields = new LinkedHashMap<>();
      Matcher m = FIELD.matcher(result);
      while (m.find()) {
        fields.put(m.group(1), m.group(2));
      }
      if (handler && !expectedStatus.equals(fields.get("status"))) {
        throw new IllegalStateException(
            name + ": expected a " + expectedStatus + ", got " + result);
      }
      return new Run(nanos, fields);
    } catch (IOException e) {
      p.destroyForcibly();
      throw new UncheckedIOException(e);
    } finally {
      Files.deleteIfExists(errors);
    }
  }

  /** The last few lines of a file. */
  static String tail(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
