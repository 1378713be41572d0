package com.example.users.dynalite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The engine's lifecycle: start, answer, persist, stop, and never outlive its JVM. */
class DynaliteTests {

  private static final Duration PROCESS_GONE_WITHIN = Duration.ofSeconds(60);

  @Test
  void startInMemory_shouldServeDynamoDb_andStopItsProcessAndPortOnClose() throws Exception {
    Dynalite engine = Dynalite.startInMemory();
    int port = engine.port();
    ProcessHandle process = ProcessHandle.of(engine.pid()).orElseThrow();
    try (DynamoDbClient client = Engines.client(engine)) {
      assertThat(engine.endpoint().toString()).isEqualTo("http://127.0.0.1:" + port);
      Engines.createTable(client, "things");
      assertThat(client.listTables().tableNames()).containsExactly("things");
    } finally {
      engine.close();
    }
    engine.close(); // a second close is harmless
    assertThat(process.isAlive()).isFalse();
    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void twoEngines_shouldListenOnDifferentFreePorts() {
    try (Dynalite a = Dynalite.startInMemory();
        Dynalite b = Dynalite.startInMemory()) {
      assertThat(a.port()).isNotEqualTo(b.port()).isPositive();
      assertThat(b.port()).isPositive();
    }
  }

  @Test
  void start_withADataDirectory_shouldKeepTablesAndItemsAcrossRestarts(@TempDir Path dir) {
    Path data = dir.resolve("data");
    try (Dynalite engine = Dynalite.start(Optional.of(data));
        DynamoDbClient client = Engines.client(engine)) {
      Engines.createTable(client, "kept");
      client.putItem(
          r ->
              r.tableName("kept")
                  .item(
                      Map.of(
                          "k", AttributeValue.fromS("a"), "v", AttributeValue.fromS("written"))));
    }
    try (Dynalite engine = Dynalite.start(Optional.of(data));
        DynamoDbClient client = Engines.client(engine)) {
      assertThat(client.listTables().tableNames()).containsExactly("kept");
      assertThat(
              client
                  .getItem(
                      r ->
                          r.tableName("kept")
                              .key(Map.of("k", AttributeValue.fromS("a")))
                              .consistentRead(true))
                  .item())
          .containsEntry("v", AttributeValue.fromS("written"));
    }
  }

  @Test
  void theEngine_shouldExit_whenTheJvmThatStartedItIsKilledWithSigkill() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process jvm =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "-D" + EngineHome.PROPERTY + "=" + EngineHome.locate().directory(),
                StartAndWait.class.getName())
            .redirectErrorStream(true)
            .start();
    long enginePid;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertThat(line).as("the child JVM's first line").startsWith("engine pid ");
      enginePid = Long.parseLong(line.substring("engine pid ".length()).trim());
      ProcessHandle engine = ProcessHandle.of(enginePid).orElseThrow();
      assertThat(engine.isAlive()).isTrue();

      // SIGKILL: no shutdown hook runs; only the kernel closing the engine's stdin pipe is left.
      new ProcessBuilder("kill", "-KILL", Long.toString(jvm.pid())).start().waitFor();
      assertThat(jvm.waitFor(PROCESS_GONE_WITHIN.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(jvm.exitValue()).isEqualTo(137);

      Instant deadline = Instant.now().plus(PROCESS_GONE_WITHIN);
      while (engine.isAlive() && Instant.now().isBefore(deadline)) {
        Thread.sleep(50);
      }
      assertThat(engine.isAlive()).as("dynalite (pid %d) after its JVM died", enginePid).isFalse();
    } finally {
      jvm.destroyForcibly();
    }
  }

  /** Run in a child JVM by the SIGKILL test: starts an engine, prints its pid, waits. */
  static final class StartAndWait {
    public static void main(String[] args) throws Exception {
      Dynalite engine = Dynalite.startInMemory();
      System.out.println("engine pid " + engine.pid());
      System.out.flush();
      Thread.sleep(Duration.ofMinutes(5).toMillis());
      engine.close();
    }
  }

  /** Starting an engine on {@code node} as its Node.js fails, with all of these in the message. */
  private static void assertStartFails(String node, String... messageParts) {
    withProperty(
        "dynalite.node",
        node,
        () ->
            assertThatThrownBy(Dynalite::startInMemory)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll(messageParts));
  }

  @Test
  void start_withoutNode_shouldSayWhatToInstall() {
    assertStartFails(
        "/nonexistent/node",
        "Cannot start Node.js (/nonexistent/node)",
        "install Node.js 20 or newer, with npm");
  }

  @Test
  void start_whenTheEngineFails_shouldShowItsErrorOutputAndExitCode(@TempDir Path dir)
      throws Exception {
    Path fake = script(dir, "#!/bin/sh\necho 'cannot open the store: disk on fire' >&2\nexit 3\n");
    assertStartFails(
        fake.toString(),
        "dynalite did not start",
        "exit code 3",
        "cannot open the store: disk on fire");
  }

  @Test
  void start_whenTheEngineSaysWhyOnlyAfterItsOutputEnded_shouldStillShowIt(@TempDir Path dir)
      throws Exception {
    // Its standard output ends first, so the start has failed, but it is still exiting: it must
    // be waited for, not destroyed (which would lose its last words and its exit code).
    Path fake =
        script(
            dir,
            "#!/bin/sh\nexec 1>&-\nsleep 0.3\necho 'cannot open the store: disk on fire' >&2\n"
                + "exit 3\n");
    assertStartFails(fake.toString(), "exit code 3", "cannot open the store: disk on fire");
  }

  @Test
  void requireSupportedVersion_shouldRefuseAnOldNode_andNameTheVersionNeeded(@TempDir Path dir)
      throws Exception {
    Path old = script(dir, "#!/bin/sh\necho v18.19.0\n");
    withProperty(
        "dynalite.node",
        old.toString(),
        () ->
            assertThatThrownBy(NodeRuntime::requireSupportedVersion)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Found Node.js v18.19.0, which is too old")
                .hasMessageContaining("install Node.js 20 or newer"));
    Path current = script(dir, "#!/bin/sh\necho v20.20.2\n");
    withProperty("dynalite.node", current.toString(), NodeRuntime::requireSupportedVersion);
  }

  @Test
  void requireSupportedVersion_whenNodeIsMissingOrBroken_shouldSayWhatToInstall(@TempDir Path dir)
      throws Exception {
    withProperty(
        "dynalite.node",
        "/nonexistent/node",
        () ->
            assertThatThrownBy(NodeRuntime::requireSupportedVersion)
                .hasMessageContaining("Node.js was not found (/nonexistent/node)")
                .hasMessageContaining("install Node.js 20 or newer"));
    Path broken = script(dir, "#!/bin/sh\necho 'segfault' >&2\nexit 139\n");
    withProperty(
        "dynalite.node",
        broken.toString(),
        () ->
            assertThatThrownBy(NodeRuntime::requireSupportedVersion)
                .hasMessageContaining("`node --version` failed (segfault)"));
  }

  @Test
  void start_whenTheReportedPortDoesNotAnswer_shouldFail(@TempDir Path dir) throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Path liar =
        script(dir, "#!/bin/sh\necho 'dynalite listening on port " + closedPort + "'\nsleep 30\n");
    withProperty(
        "dynalite.node",
        liar.toString(),
        () ->
            assertThatThrownBy(Dynalite::startInMemory)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dynalite did not start"));
  }

  @Test
  void start_onADataDirectoryThatCannotBeCreated_shouldSaySo(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
    assertThatThrownBy(() -> Dynalite.start(Optional.of(file.resolve("data"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Cannot create the data directory");
  }

  @Test
  void main_shouldInstallOrConfirmTheEngine() {
    EngineHome.main(new String[0]);
    assertThat(EngineHome.locate().isInstalled()).isTrue();
  }

  @Test
  void major_shouldReadNodeVersions() {
    assertThat(NodeRuntime.major("v20.20.2")).isEqualTo(20);
    assertThat(NodeRuntime.major("v22.1.0")).isEqualTo(22);
    assertThat(NodeRuntime.major("v9.11.2")).isEqualTo(9);
    assertThat(NodeRuntime.major("20")).isEqualTo(20);
    assertThat(NodeRuntime.major("garbage")).isZero();
  }

  @Test
  void locate_shouldFindThisModuleFromItsClasses_andRefuseAWrongExplicitDirectory(
      @TempDir Path dir) {
    EngineHome home = EngineHome.locate();
    assertThat(home.directory().getFileName().toString()).isEqualTo("dynalite");
    assertThat(home.directory().resolve("package-lock.json")).isRegularFile();
    assertThat(home.isInstalled()).as("the build installed the engine").isTrue();
    withProperty(
        EngineHome.PROPERTY,
        dir.toString(),
        () ->
            assertThatThrownBy(EngineHome::locate)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not the dynalite module directory"));
  }

  @Test
  void isInstalled_shouldBeFalse_whenTheLockfileChangedSinceTheInstall(@TempDir Path dir)
      throws Exception {
    Path copy = dir.resolve("dynalite");
    Files.createDirectories(copy.resolve("node_modules/dynalite"));
    Files.writeString(copy.resolve("node_modules/dynalite/package.json"), "{}");
    Files.writeString(copy.resolve("package-lock.json"), "{\"v\":1}");
    EngineHome home = EngineHome.at(copy);
    assertThat(home.isInstalled()).as("no marker yet").isFalse();
    Files.writeString(
        copy.resolve("node_modules/.installed-from-lockfile.sha256"),
        "24c3d3ab4e6e1d7e0b2f2d5e1d2f3d4c5b6a7980a1b2c3d4e5f60718293a4b5c\n");
    assertThat(home.isInstalled()).as("marker of another lockfile").isFalse();
    String digest =
        java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest("{\"v\":1}".getBytes(StandardCharsets.UTF_8)));
    Files.writeString(copy.resolve("node_modules/.installed-from-lockfile.sha256"), digest + "\n");
    assertThat(home.isInstalled()).as("marker of this lockfile").isTrue();
  }

  @Test
  void ensureInstalled_inAFreshCopy_shouldRunNpmCiOnce_andThenNotAgain(@TempDir Path dir)
      throws Exception {
    EngineHome copy = copyOfTheModule(dir);
    assertThat(copy.isInstalled()).isFalse();
    copy.ensureInstalled();
    assertThat(copy.isInstalled()).isTrue();
    assertThat(copy.directory().resolve("node_modules/dynalite/package.json")).isRegularFile();
    // Installed: a second call must not run npm at all (this npm would fail).
    withProperty("dynalite.npm", "/nonexistent/npm", copy::ensureInstalled);
    try (Dynalite engine = Dynalite.start(copy, Optional.empty());
        DynamoDbClient client = Engines.client(engine)) {
      assertThat(client.listTables().tableNames()).isEmpty();
    }
  }

  @Test
  void ensureInstalled_whenNpmFails_shouldSaySo(@TempDir Path dir) throws Exception {
    EngineHome copy = copyOfTheModule(dir);
    Path failing = script(dir, "#!/bin/sh\necho 'npm ERR! network unreachable' >&2\nexit 1\n");
    withProperty(
        "dynalite.npm",
        failing.toString(),
        () ->
            assertThatThrownBy(copy::ensureInstalled)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("npm ci in " + copy.directory() + " failed (exit 1)"));
    assertThat(copy.isInstalled()).isFalse();
  }

  private static EngineHome copyOfTheModule(Path dir) throws Exception {
    Path source = EngineHome.locate().directory();
    Path copy = dir.resolve("dynalite");
    for (String file : List.of("package.json", "package-lock.json", EngineHome.LAUNCHER)) {
      Files.createDirectories(copy.resolve(file).getParent());
      Files.copy(source.resolve(file), copy.resolve(file));
    }
    return EngineHome.at(copy);
  }

  private static Path script(Path dir, String text) throws Exception {
    Path file = Files.createTempFile(dir, "fake-node", ".sh");
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private static void withProperty(String name, String value, ThrowingRunnable body) {
    String before = System.getProperty(name);
    System.setProperty(name, value);
    try {
      body.run();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      if (before == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, before);
      }
    }
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
