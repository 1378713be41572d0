package com.example.users.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local mode with {@code --data DIR} in a child JVM, killed with SIGKILL (no shutdown hook, no
 * clean close of dynalite): every write acknowledged before the kill is there after a restart on
 * the same directory, and nothing else.
 */
class PersistenceFaultTests {

  @Test
  void acknowledgedWrites_shouldSurviveSigkill(@TempDir Path data) throws Exception {
    Process first = startLocalMode(data);
    URI base;
    try {
      base = awaitListening(first);
      assertThat(
              ApiProbe.send(base, "POST", "/users", "{\"username\":\"kept\",\"a\":1}").statusCode())
          .isEqualTo(201);
      assertThat(
              ApiProbe.send(base, "POST", "/users", "{\"username\":\"changed\",\"a\":1}")
                  .statusCode())
          .isEqualTo(201);
      assertThat(ApiProbe.send(base, "POST", "/users", "{\"username\":\"removed\"}").statusCode())
          .isEqualTo(201);
      assertThat(
              ApiProbe.send(
                      base, "PUT", "/users/changed", "{\"a\":2,\"b\":\"x\"}", "If-Match", "\"1\"")
                  .statusCode())
          .isEqualTo(200);
      assertThat(ApiProbe.send(base, "DELETE", "/users/removed", null).statusCode()).isEqualTo(204);
    } finally {
      kill9(first);
    }
    Process second = startLocalMode(data);
    try {
      URI again = awaitListening(second);
      var kept = ApiProbe.json(ApiProbe.send(again, "GET", "/users/kept", null).body());
      assertThat(kept.get("a").getAsInt()).isEqualTo(1);
      assertThat(kept.get("version").getAsInt()).isEqualTo(1);
      var changed = ApiProbe.json(ApiProbe.send(again, "GET", "/users/changed", null).body());
      assertThat(changed.get("a").getAsInt()).isEqualTo(2);
      assertThat(changed.get("b").getAsString()).isEqualTo("x");
      assertThat(changed.get("version").getAsInt()).isEqualTo(2);
      assertThat(ApiProbe.send(again, "GET", "/users/removed", null).statusCode()).isEqualTo(404);
      var list = ApiProbe.json(ApiProbe.send(again, "GET", "/users", null).body());
      assertThat(list.getAsJsonArray("users")).hasSize(2);
      // And the restarted instance takes writes.
      assertThat(ApiProbe.send(again, "POST", "/users", "{\"username\":\"after\"}").statusCode())
          .isEqualTo(201);
    } finally {
      kill9(second);
    }
  }

  private static void kill9(Process p) throws Exception {
    new ProcessBuilder("kill", "-KILL", Long.toString(p.pid())).start().waitFor();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
    assertThat(p.exitValue()).as("died of SIGKILL").isEqualTo(128 + 9);
  }

  private static Process startLocalMode(Path data) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("-javaagent:") && a.contains("jacoco"))
        .forEach(command::add);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            LocalServer.class.getName(),
            "--port",
            Integer.toString(port),
            "--data",
            data.toString()));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** Waits (at most 90 s) for local mode's "listening on" line; its output is drained after. */
  private static URI awaitListening(Process p) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    CompletableFuture<URI> listening = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                String line;
                while ((line = out.readLine()) != null) {
                  int at = line.indexOf("listening on ");
                  if (at >= 0) {
                    listening.complete(
                        URI.create(line.substring(at + "listening on ".length()).trim()));
                    drain(out);
                    return;
                  }
                  synchronized (seen) {
                    seen.append(line).append('\n');
                  }
                }
                listening.completeExceptionally(new AssertionError("local mode exited"));
              } catch (java.io.IOException e) {
                listening.completeExceptionally(e);
              }
            },
            "child-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return listening.get(90, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      p.destroyForcibly();
      synchronized (seen) {
        throw new AssertionError("local mode did not start; its output:\n" + seen, e);
      }
    }
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // discard
      }
    } catch (java.io.IOException e) {
      // the child is gone
    }
  }
}
