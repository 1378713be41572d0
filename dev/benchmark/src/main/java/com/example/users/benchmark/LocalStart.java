package com.example.users.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Local mode's start-up as a user meets it: {@code scripts/run-local.sh --port N} run again and
 * again with nothing changed, each timed from starting the process to the first {@code GET /users}
 * that answers 200, then stopped (SIGTERM, as Ctrl-C's signal would; its dynalite child with it).
 *
 * <p>One unmeasured run goes first, so that a build and the class archive the script writes after
 * it, if either is due, are not counted as a start with nothing changed. Run it alone with {@code
 * java -cp dev/benchmark/target/benchmark.jar:dev/benchmark/target/lib/*
 * com.example.users.benchmark.LocalStart [--runs N] [--script PATH]} from the checkout.
 */
final class LocalStart {

  /** The script, relative to the checkout the benchmark runs in. */
  static final Path SCRIPT = Path.of("scripts/run-local.sh");

  /** Measured runs when none are asked for. */
  static final int DEFAULT_RUNS = 5;

  /** Bounds for a busy machine: the unmeasured run may build (minutes on a fresh clone). */
  private static final Duration FIRST_RUN_TIMEOUT = Duration.ofMinutes(15);

  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
  static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final Duration KILL_WAIT = Duration.ofSeconds(60);

  /**
   * What was measured.
   *
   * @param firstRunNanos the unmeasured first run (includes a build and archive if one was due)
   * @param nanos the measured runs, start of the process to the first 200
   * @param leftRunning processes (the script's JVM or its dynalite) that outlived SIGTERM by {@link
   *     #STOP_GRACE} and had to be killed, over all runs
   */
  record Result(long firstRunNanos, long[] nanos, int leftRunning) {}

  /** Options of {@link #main}. */
  record Options(int runs, Path script) {
    static Options parse(String[] args) {
      int runs = DEFAULT_RUNS;
      Path script = SCRIPT;
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : "";
        switch (args[i]) {
          case "--runs" -> runs = Integer.parseInt(value);
          case "--script" -> script = Path.of(value);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
        i++;
      }
      if (runs < 1) {
        throw new IllegalArgumentException("--runs must be at least 1");
      }
      return new Options(runs, script);
    }
  }

  private final Path script;

  LocalStart(Path script) {
    this.script = script;
  }

  /** One unmeasured run, then {@code runs} measured ones. */
  Result run(int runs) throws IOException, InterruptedException {
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException(script + " does not exist; run from the checkout");
    }
    int[] left = {0};
    long first = timeOne(FIRST_RUN_TIMEOUT, left);
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      nanos[i] = timeOne(RUN_TIMEOUT, left);
    }
    return new Result(first, nanos, left[0]);
  }

  private long timeOne(Duration timeout, int[] leftRunning)
      throws IOException, InterruptedException {
    int port = freePort();
    Path log = Files.createTempFile("run-local", ".log");
    try {
      ProcessBuilder builder =
          new ProcessBuilder("bash", script.toString(), "--port", Integer.toString(port))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      long start = System.nanoTime();
      Process process = builder.start();
      try {
        awaitAnswer(URI.create("http://127.0.0.1:" + port + "/users"), process, timeout, log);
        return System.nanoTime() - start;
      } finally {
        leftRunning[0] += stop(process, STOP_GRACE);
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** A port free right now (the script is told to listen on it). */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * Polls {@code url} until it answers 200.
   *
   * @throws IllegalStateException if the process exits first or the time-out passes, with the
   *     process's output
   */
  static void awaitAnswer(URI url, Process process, Duration timeout, Path log)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (answers200(url)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "local mode exited (code " + process.exitValue() + ") before answering:\n" + tail(log));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "local mode did not answer " + url + " within " + timeout + ":\n" + tail(log));
      }
      Thread.sleep(5);
    }
  }

  private static boolean answers200(URI url) {
    try {
      HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(30_000);
      try {
        int status = c.getResponseCode();
        try (InputStream body = status < 400 ? c.getInputStream() : c.getErrorStream()) {
          if (body != null) {
            body.readAllBytes();
          }
        }
        return status == 200;
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return false; // not listening yet
    }
  }

  private static String tail(Path log) throws IOException {
    String text = Files.readString(log);
    return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
  }

  /**
   * Stops a process and everything it started: SIGTERM to the process (local mode then stops its
   * engine, which also exits when its standard input closes), then a kill for whatever is still
   * running after {@code grace}.
   *
   * @return how many processes (the process or its descendants) had to be killed
   */
  static int stop(Process process, Duration grace) throws InterruptedException {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(process.toHandle());
    process.descendants().forEach(tree::add);
    process.destroy();
    long deadline = System.nanoTime() + grace.toNanos();
    int killed = 0;
    for (ProcessHandle p : tree) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        p.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        if (p.isAlive()) {
          p.destroyForcibly();
          killed++;
        }
      }
    }
    // A killed orphan is gone once init reaps it: generous, for a busy machine.
    long reaped = System.nanoTime() + KILL_WAIT.toNanos();
    for (ProcessHandle p : tree) {
      while (p.isAlive()) {
        if (System.nanoTime() > reaped) {
          throw new IllegalStateException("process " + p.pid() + " survived a kill");
        }
        Thread.sleep(10);
      }
    }
    return killed;
  }

  /** Seconds with two decimals. */
  static String seconds(double nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
  }

  /** Runs the measurement alone and prints the median and max. */
  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Result r = new LocalStart(o.script()).run(o.runs());
    Stats s = new Stats(r.nanos());
    System.out.println(
        "first run (unmeasured) "
            + seconds(r.firstRunNanos())
            + " s; nothing changed, "
            + o.runs()
            + " runs: median "
            + seconds(s.median())
            + " s, max "
            + seconds(s.max())
            + " s, min "
            + seconds(s.min())
            + " s; killed after SIGTERM: "
            + r.leftRunning());
  }
}
