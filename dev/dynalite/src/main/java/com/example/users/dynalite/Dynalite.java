package com.example.users.dynalite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dynalite, the open-source DynamoDB engine, running as a Node.js child process on a free loopback
 * port: the database of the tests, local mode and the benchmark.
 *
 * <p>It speaks DynamoDB's HTTP API, so the AWS SDK talks to it as to DynamoDB. The launcher script
 * beside it closes the gaps between dynalite and DynamoDB that this project relies on (see {@code
 * src/main/node/launcher.cjs} and the engine conformance tests). The process never outlives this
 * JVM: it exits when its standard input closes, which the kernel does when the JVM dies, even by
 * SIGKILL.
 */
public final class Dynalite implements AutoCloseable {

  /** How long a start may take before it is given up; generous for a busy 2-core machine. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern READY = Pattern.compile("dynalite listening on port (\\d+)");

  private final Process process;
  private final int port;
  private final Optional<EngineCertificate> tls;
  private final OutputStream stdin;
  private final OutputTail stderr;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread shutdownHook;

  private Dynalite(Process process, int port, Optional<EngineCertificate> tls, OutputTail stderr) {
    this.process = process;
    this.port = port;
    this.tls = tls;
    this.stdin = process.getOutputStream();
    this.stderr = stderr;
    this.shutdownHook = new Thread(this::stop, "dynalite-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts an engine that keeps its tables in memory. */
  public static Dynalite startInMemory() {
    return start(Optional.empty());
  }

  /**
   * Starts an engine, installing the pinned dynalite first if the build has not.
   *
   * @param dataDirectory where to keep the tables across restarts (LevelDB files); empty for memory
   * @return the running engine, answering requests
   * @throws IllegalStateException with the reason and the engine's own error output, if it cannot
   *     start; naming what to install if Node.js is missing or too old
   */
  public static Dynalite start(Optional<Path> dataDirectory) {
    EngineHome home = EngineHome.locate();
    home.ensureInstalled();
    return start(home, dataDirectory, Optional.empty(), Optional.empty());
  }

  /**
   * Starts an engine that keeps its tables in memory and serves HTTPS only, with a certificate made
   * for it (see {@link EngineCertificate}); a client must trust {@link #certificate()}.
   */
  public static Dynalite startTls() {
    return startTls(Optional.empty());
  }

  /**
   * Starts an engine as {@link #startTls()} does that closes a kept-alive connection once it has
   * been idle for {@code idleTimeout} (Node's default is 5 s): the benchmark's way of having a
   * pooled connection closed by the server, as a SnapStart restore finds it.
   */
  public static Dynalite startTls(Optional<Duration> idleTimeout) {
    EngineHome home = EngineHome.locate();
    home.ensureInstalled();
    Path directory;
    try {
      directory = Files.createTempDirectory("dynalite-tls-");
    } catch (IOException e) {
      throw new IllegalStateException("Cannot make a directory for the engine's key: " + e, e);
    }
    return start(
        home, Optional.empty(), Optional.of(EngineCertificate.create(directory)), idleTimeout);
  }

  static Dynalite start(EngineHome home, Optional<Path> dataDirectory) {
    return start(home, dataDirectory, Optional.empty(), Optional.empty());
  }

  static Dynalite start(
      EngineHome home,
      Optional<Path> dataDirectory,
      Optional<EngineCertificate> tls,
      Optional<Duration> idleTimeout) {
    List<String> command =
        new ArrayList<>(List.of(NodeRuntime.nodeExecutable(), home.launcher().toString()));
    tls.ifPresent(
        certificate -> {
          command.add("--tls-key");
          command.add(certificate.keyPem().toString());
          command.add("--tls-cert");
          command.add(certificate.certificatePem().toString());
        });
    idleTimeout.ifPresent(
        idle -> {
          command.add("--idle-timeout-ms");
          command.add(Long.toString(Math.max(1, idle.toMillis())));
        });
    if (dataDirectory.isPresent()) {
      Path dir = dataDirectory.get().toAbsolutePath();
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new IllegalStateException("Cannot create the data directory " + dir + ": " + e, e);
      }
      command.add("--path");
      command.add(dir.toString());
    }
    Process process;
    try {
      process = new ProcessBuilder(command).directory(home.directory().toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot start Node.js ("
              + NodeRuntime.nodeExecutable()
              + "). "
              + NodeRuntime.INSTALL_HINT,
          e);
    }
    OutputTail stderr = OutputTail.follow(process.getErrorStream(), "dynalite-stderr");
    CompletableFuture<Integer> ready = new CompletableFuture<>();
    Thread stdout =
        new Thread(() -> readUntilReady(process.getInputStream(), ready), "dynalite-stdout");
    stdout.setDaemon(true);
    stdout.start();
    try {
      int port = ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      awaitAnswer(port, tls);
      return new Dynalite(process, port, tls, stderr);
    } catch (TimeoutException | ExecutionException | IOException e) {
      throw new IllegalStateException(failure(process, stderr, e), e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting dynalite", e);
    }
  }

  /**
   * Why the start failed, with the engine's error output. Destroying a process closes the streams
   * it wrote to, and whatever the reader had not read yet is lost: so an engine that is exiting
   * (its output ended) is waited for and its last words read first, and only one still running is
   * destroyed.
   */
  private static String failure(Process process, OutputTail stderr, Exception e) {
    String exit;
    try {
      boolean exiting = e instanceof ExecutionException;
      if (!(exiting && process.waitFor(5, TimeUnit.SECONDS))) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
      stderr.awaitEnd(Duration.ofSeconds(2));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    } finally {
      exit = process.isAlive() ? "still running" : "exit code " + process.exitValue();
      process.destroyForcibly();
    }
    String reason =
        e instanceof TimeoutException
            ? "it did not report a port within " + START_TIMEOUT.toSeconds() + " s"
            : e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
    String output = stderr.text().strip();
    return "dynalite did not start ("
        + reason
        + "; "
        + exit
        + ")"
        + (output.isEmpty() ? "." : ". Its error output:\n" + output);
  }

  private static void readUntilReady(InputStream in, CompletableFuture<Integer> ready) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        Matcher m = READY.matcher(line);
        if (!ready.isDone() && m.find()) {
          ready.complete(Integer.parseInt(m.group(1)));
        }
      }
      ready.completeExceptionally(new IOException("it exited before listening"));
    } catch (IOException e) {
      ready.completeExceptionally(e);
    }
  }

  /** Ready means it answers an HTTP request, not only that it said it listens. */
  private static void awaitAnswer(int port, Optional<EngineCertificate> tls) throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (Socket socket =
        tls.isPresent()
            ? tls.get().sslContext().getSocketFactory().createSocket(loopback, port)
            : new Socket(loopback, port)) {
      socket.setSoTimeout((int) START_TIMEOUT.toMillis());
      socket
          .getOutputStream()
          .write(
              "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      byte[] head = socket.getInputStream().readNBytes(9);
      if (!new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.")) {
        throw new IOException("port " + port + " did not answer HTTP");
      }
    }
  }

  /**
   * The endpoint to give an SDK client, for example {@code http://127.0.0.1:40123}; {@code https}
   * for an engine started by {@link #startTls()}.
   */
  public URI endpoint() {
    return URI.create((tls.isPresent() ? "https" : "http") + "://127.0.0.1:" + port);
  }

  /** The certificate an engine started by {@link #startTls()} serves; empty for plain HTTP. */
  public Optional<EngineCertificate> certificate() {
    return tls;
  }

  /** The port it listens on. */
  public int port() {
    return port;
  }

  /** The engine's process id, for tests of its lifecycle. */
  public long pid() {
    return process.pid();
  }

  /** What the engine wrote to its error output lately (at most the last few kilobytes). */
  public String errorOutput() {
    return stderr.text();
  }

  /**
   * Stops the engine: closes its standard input, so it closes its store (flushing what it
   * acknowledged) and exits; kills it if it does not within a few seconds. Safe to call twice.
   */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down; the hook runs or ran stop() already.
    }
  }

  private void stop() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      stdin.close();
    } catch (IOException e) {
      // Already closed: the process is gone or going.
    }
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Keeps the last few kilobytes a stream wrote, read on a daemon thread. */
  static final class OutputTail {
    private static final int LIMIT = 8192;
    private final StringBuilder text = new StringBuilder();
    private final Thread reader;

    private OutputTail(InputStream in, String threadName) {
      reader = new Thread(() -> drain(in), threadName);
      reader.setDaemon(true);
    }

    static OutputTail follow(InputStream in, String threadName) {
      OutputTail tail = new OutputTail(in, threadName);
      tail.reader.start();
      return tail;
    }

    /** Waits a little for the stream to end, so that a dead process's last words are kept. */
    void awaitEnd(Duration wait) throws InterruptedException {
      reader.join(wait.toMillis());
    }

    private void drain(InputStream in) {
      byte[] buffer = new byte[4096];
      try (in) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // The process ended.
      }
    }

    private synchronized void append(String s) {
      text.append(s);
      if (text.length() > LIMIT) {
        text.delete(0, text.length() - LIMIT);
      }
    }

    synchronized String text() {
      return text.toString();
    }
  }
}
