package com.example.users.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up: the engine starts beside the HTTP edge, and whichever of the two fails, nothing is left
 * running; the self-test that scripts/run-local.sh runs after a build.
 */
class LocalStartupTests {

  /** The dynalite processes this JVM has running (each test's own engines come and go). */
  private static Set<Long> engines() {
    return ProcessHandle.current()
        .children()
        .filter(p -> p.info().commandLine().map(c -> c.contains("launcher.cjs")).orElse(false))
        .map(ProcessHandle::pid)
        .collect(Collectors.toSet());
  }

  @Test
  void aTakenPort_shouldStopTheEngineStartedBesideIt() throws IOException {
    Set<Long> before = engines();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> LocalServer.start(port, Optional.empty(), System.out))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Port " + port + " is already in use");
    }
    assertThat(engines()).as("dynalite processes after the failed start").isEqualTo(before);
  }

  @Test
  void anEngineThatCannotStart_shouldReleaseThePort(@TempDir Path dir) throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    assertThatThrownBy(
            () -> LocalServer.start(port, Optional.of(notADirectory.resolve("data")), System.out))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("data directory");
    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).as("the port is free again").isEqualTo(port);
    }
  }

  @Test
  void selfTest_shouldAnswerEveryRoute_andStopTheEngine() {
    Set<Long> before = engines();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean ok =
        LocalServer.selfTest(
            LocalServer.Options.parse(new String[] {"--self-test"}),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(ok).as(text).isTrue();
    assertThat(text)
        .contains("self-test: every route answered as expected.")
        .contains("\"route\":\"POST /users\",\"status\":201")
        .contains("\"route\":\"DELETE /users/{username}\",\"status\":204");
    assertThat(engines()).as("dynalite processes after the self-test").isEqualTo(before);
  }

  @Test
  void selfTest_shouldFail_whenLocalModeCannotStart(@TempDir Path dir) throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean ok =
        LocalServer.selfTest(
            LocalServer.Options.parse(
                new String[] {"--self-test", "--data", notADirectory.resolve("d").toString()}),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(ok).isFalse();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("self-test: local mode did not start: ");
  }

  @Test
  void options_shouldParseSelfTest_andListItInTheUsage() {
    assertThat(LocalServer.Options.parse(new String[] {"--self-test"}).selfTest()).isTrue();
    assertThat(LocalServer.Options.parse(new String[] {"--port", "9000"}).selfTest()).isFalse();
    assertThat(LocalServer.Options.USAGE).contains("--self-test");
    assertThat(List.of(LocalServer.Options.USAGE.split("\n")))
        .anyMatch(l -> l.startsWith("usage:") && l.contains("[--self-test]"));
  }
}
