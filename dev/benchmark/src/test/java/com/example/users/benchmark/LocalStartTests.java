package com.example.users.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What of the local-start measurement can be checked without timing it. */
class LocalStartTests {

  @Test
  void options_shouldDefaultToFiveRunsOfTheScript_andRefuseNonsense() {
    LocalStart.Options defaults = LocalStart.Options.parse(new String[0]);
    assertThat(defaults.runs()).isEqualTo(5);
    assertThat(defaults.script()).isEqualTo(Path.of("scripts/run-local.sh"));
    LocalStart.Options o =
        LocalStart.Options.parse(new String[] {"--runs", "3", "--script", "x.sh"});
    assertThat(o.runs()).isEqualTo(3);
    assertThat(o.script()).isEqualTo(Path.of("x.sh"));
    assertThatThrownBy(() -> LocalStart.Options.parse(new String[] {"--runs", "0"}))
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> LocalStart.Options.parse(new String[] {"--bogus"}))
        .hasMessageContaining("unknown option");
  }

  @Test
  void benchmark_shouldRunTheLocalStartSectionByDefault() {
    assertThat(Benchmark.Options.parse(new String[0]).sections()).contains("local-start");
    assertThat(Benchmark.Options.parse(new String[] {"--only", "warm"}).sections())
        .doesNotContain("local-start");
  }

  @Test
  void stop_shouldEndTheProcessAndWhatItStarted_evenWhenTheyIgnoreItsEnd() throws Exception {
    // bash dies of SIGTERM at once; its two children would live on, orphaned, without the kill.
    Process p = new ProcessBuilder("bash", "-c", "sleep 300 & sleep 300").start();
    Instant deadline = Instant.now().plusSeconds(60);
    while (p.descendants().count() < 2 && Instant.now().isBefore(deadline)) {
      Thread.sleep(10);
    }
    List<ProcessHandle> children = p.descendants().toList();
    assertThat(children).hasSize(2);

    int killed = LocalStart.stop(p, Duration.ofSeconds(1));

    assertThat(p.isAlive()).isFalse();
    assertThat(children).noneMatch(ProcessHandle::isAlive);
    assertThat(killed).as("the two orphaned sleeps").isEqualTo(2);
  }

  @Test
  void stop_shouldKillNothing_whenTheProcessEndsOnSigterm() throws Exception {
    Process p = new ProcessBuilder("sleep", "300").start();
    assertThat(LocalStart.stop(p, Duration.ofSeconds(30))).isZero();
    assertThat(p.isAlive()).isFalse();
  }

  @Test
  void awaitAnswer_shouldWaitPastErrorsForA200(@TempDir Path dir) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/users",
        exchange -> {
          int status = calls.incrementAndGet() < 3 ? 503 : 200;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    Process alive = new ProcessBuilder("sleep", "300").start();
    try {
      URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/users");
      LocalStart.awaitAnswer(url, alive, Duration.ofMinutes(2), dir.resolve("log"));
      assertThat(calls.get()).isEqualTo(3);
    } finally {
      server.stop(0);
      LocalStart.stop(alive, Duration.ofSeconds(30));
    }
  }

  @Test
  void awaitAnswer_shouldFailWithTheOutput_whenTheProcessExitsFirst(@TempDir Path dir)
      throws IOException, InterruptedException {
    Path log = Files.writeString(dir.resolve("log"), "error: Port 1 is already in use\n");
    Process gone = new ProcessBuilder("bash", "-c", "exit 1").start();
    gone.waitFor();
    URI url = URI.create("http://127.0.0.1:" + LocalStart.freePort() + "/users");
    assertThatThrownBy(() -> LocalStart.awaitAnswer(url, gone, Duration.ofMinutes(2), log))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited (code 1) before answering")
        .hasMessageContaining("error: Port 1 is already in use");
  }

  @Test
  void run_shouldRefuseAMissingScript(@TempDir Path dir) {
    assertThatThrownBy(() -> new LocalStart(dir.resolve("nope.sh")).run(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not exist");
  }
}
