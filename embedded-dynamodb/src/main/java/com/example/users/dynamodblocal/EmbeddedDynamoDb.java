package com.example.users.dynamodblocal;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * DynamoDB Local (the real engine, over HTTP) started inside this JVM on a free port.
 *
 * <p>Its Jetty server keeps non-daemon threads, so always {@link #close()} it (try-with-resources
 * or a shutdown hook) or the JVM will not exit. The sqlite4java native library it needs ships
 * inside this module's jar and is extracted to a temporary directory on first use.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

  private static final String NATIVE_RESOURCE_DIR = "native/";
  private static final int START_ATTEMPTS = 5;

  private final DynamoDBProxyServer server;
  private final int port;
  private boolean closed;

  private EmbeddedDynamoDb(DynamoDBProxyServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts an in-memory instance on a free port. */
  public static EmbeddedDynamoDb startInMemory() {
    return start(Optional.empty(), 0);
  }

  /**
   * Starts an instance.
   *
   * @param dataDirectory where to keep the database across restarts; empty for in-memory
   * @param port the port to listen on, or 0 for a free one
   * @return the running server
   * @throws IllegalStateException if it cannot start, with the reason
   */
  public static EmbeddedDynamoDb start(Optional<Path> dataDirectory, int port) {
    Natives.ensureLoaded();
    RuntimeException last = null;
    for (int attempt = 0; attempt < (port == 0 ? START_ATTEMPTS : 1); attempt++) {
      int chosen = port == 0 ? freePort() : port;
      List<String> args = new ArrayList<>(List.of("-port", Integer.toString(chosen)));
      args.add("-disableTelemetry");
      args.add("-sharedDb");
      if (dataDirectory.isPresent()) {
        Path dir = dataDirectory.get().toAbsolutePath();
        try {
          Files.createDirectories(dir);
        } catch (IOException e) {
          throw new IllegalStateException("Cannot create the data directory " + dir + ": " + e, e);
        }
        args.add("-dbPath");
        args.add(dir.toString());
      } else {
        args.add("-inMemory");
      }
      DynamoDBProxyServer server;
      try {
        server =
            quietly(
                () -> ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new)));
        server.start();
        return new EmbeddedDynamoDb(server, chosen);
      } catch (Exception e) {
        last = new IllegalStateException("DynamoDB Local did not start on port " + chosen, e);
      }
    }
    throw last;
  }

  /** The HTTP endpoint to give an SDK client, for example {@code http://127.0.0.1:40123}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The port it listens on. */
  public int port() {
    return port;
  }

  /** Stops the server and its threads. Safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
    }
  }

  /** Runs DynamoDB Local's set-up without its configuration banner on standard output. */
  private static synchronized <T> T quietly(Startup<T> startup) throws Exception {
    java.io.PrintStream out = System.out;
    System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream(), false, "UTF-8"));
    try {
      return startup.run();
    } finally {
      System.setOut(out);
    }
  }

  @FunctionalInterface
  private interface Startup<T> {
    T run() throws Exception;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on loopback", e);
    }
  }

  /** Extracts the sqlite4java native for this platform and points sqlite4java at it. */
  static final class Natives {
    private static final String PROPERTY = "sqlite4java.library.path";
    private static boolean loaded;

    private Natives() {}

    static synchronized void ensureLoaded() {
      if (loaded || System.getProperty(PROPERTY) != null) {
        loaded = true;
        return;
      }
      String file = nativeFileName();
      try (InputStream in =
          EmbeddedDynamoDb.class.getResourceAsStream(NATIVE_RESOURCE_DIR + file)) {
        if (in == null) {
          throw new IllegalStateException(
              "DynamoDB Local has no sqlite4java native library for "
                  + System.getProperty("os.name")
                  + "/"
                  + System.getProperty("os.arch")
                  + " in this build (looked for "
                  + file
                  + ").");
        }
        Path dir = Files.createTempDirectory("sqlite4java-");
        dir.toFile().deleteOnExit();
        Path target = dir.resolve(file);
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        target.toFile().deleteOnExit();
        System.setProperty(PROPERTY, dir.toString());
        loaded = true;
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot extract the sqlite4java native library", e);
      }
    }

    static String nativeFileName() {
      String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
      String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
      if (os.contains("mac")) {
        return "libsqlite4java-osx.dylib";
      }
      if (os.contains("win")) {
        return "sqlite4java-win32-x64.dll";
      }
      if (arch.equals("amd64") || arch.equals("x86_64")) {
        return "libsqlite4java-linux-amd64.so";
      }
      return "libsqlite4java-linux-" + arch + ".so";
    }
  }
}
