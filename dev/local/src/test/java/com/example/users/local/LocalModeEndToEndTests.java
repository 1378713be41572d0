package com.example.users.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Local mode as a user runs it: a separate JVM started by its main class, the README's smoke test
 * script against it, and Ctrl-C (SIGINT) to stop it.
 */
class LocalModeEndToEndTests {

  private static final Path REPO = Path.of("..", "..").toAbsolutePath().normalize();

  @Test
  void smokeTestScript_shouldPass_againstLocalMode() throws Exception {
    try (LocalServer server = LocalServer.start(0, Optional.empty(), System.out)) {
      Result r = run(List.of("bash", "scripts/smoke-test.sh", server.baseUrl().toString()));
      assertThat(r.exitCode()).as(r.output()).isZero();
      assertThat(r.output()).contains("smoke test passed").contains("(5 requests)");
    }
  }

  @Test
  void smokeTestScript_shouldFail_whenTheApiMisbehaves() throws Exception {
    try (LocalServer server = LocalServer.start(0, Optional.empty(), System.out)) {
      // A wrong base path: API Gateway-style 404s where 201 is expected.
      Result r = run(List.of("bash", "scripts/smoke-test.sh", server.baseUrl() + "/prefix"));
      assertThat(r.exitCode()).isNotZero();
      assertThat(r.output()).contains("FAIL step 1: POST /users: expected 201, got 404");
      // An existing user with the smoke test's name: the create must fail with 409.
      LocalServerIntegrationTests.send(server, "POST", "/users", "{\"username\":\"taken\"}");
      Result taken =
          run(
              List.of(
                  "env",
                  "SMOKE_USERNAME=taken",
                  "bash",
                  "scripts/smoke-test.sh",
                  server.baseUrl().toString()));
      assertThat(taken.exitCode()).isNotZero();
      assertThat(taken.output()).contains("expected 201, got 409");
    }
  }

  @Test
  void main_shouldServeOnTheGivenPort_andStopCleanlyOnCtrlC() throws Exception {
    int port = freePort();
    Process p =
        new ProcessBuilder(localMode("--port", Integer.toString(port)))
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      String line;
      while ((line = out.readLine()) != null && !line.contains("Press Ctrl-C")) {
        lines.add(line);
      }
      assertThat(lines).anyMatch(l -> l.contains("listening on http://localhost:" + port));
      assertThat(lines).anyMatch(l -> l.contains("curl -i -X POST"));
      Result smoke = run(List.of("bash", "scripts/smoke-test.sh", "http://localhost:" + port));
      assertThat(smoke.exitCode()).as(smoke.output()).isZero();

      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGINT").isTrue();
      String rest = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(rest).contains("Stopped.");
      try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(again.getLocalPort()).isEqualTo(port);
      }
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void main_shouldPrintUsage_forHelpAndBadOptions() throws Exception {
    Process help = new ProcessBuilder(localMode("--help")).redirectErrorStream(true).start();
    assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(help.exitValue()).isZero();
    assertThat(new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("--data DIR");
    Process bad = new ProcessBuilder(localMode("--port", "x")).redirectErrorStream(true).start();
    assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bad.exitValue()).isEqualTo(2);
    assertThat(new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("error: --port must be a number from 1 to 65535, got x")
        .contains("usage:");
  }

  @Test
  void main_shouldExitWithAClearMessage_whenThePortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Process p =
          new ProcessBuilder(localMode("--port", Integer.toString(taken.getLocalPort())))
              .redirectErrorStream(true)
              .start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(1);
      assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .contains("error: Port " + taken.getLocalPort() + " is already in use");
    }
  }

  record Result(int exitCode, String output) {}

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Path log = Files.createTempFile("run", ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(REPO.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    String output = Files.readString(log);
    Files.delete(log);
    return new Result(p.exitValue(), output);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * The local-mode JVM's command: this test JVM's classpath, and its coverage agent if it runs with
   * one, so that the child's coverage is recorded too.
   */
  private static List<String> localMode(String... args) {
    List<String> command = new ArrayList<>(List.of(javaBinary()));
    java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("-javaagent:") && a.contains("jacoco"))
        .forEach(command::add);
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), LocalServer.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
