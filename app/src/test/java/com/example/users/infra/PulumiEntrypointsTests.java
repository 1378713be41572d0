package com.example.users.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The commands the Pulumi CLI's maven executor runs, for the backend ({@code app/}) and the
 * toolchain program, run for real in a copy of the working tree by {@code
 * scripts/check-pulumi-entrypoints.sh}: plugin discovery reports the aws plugin, and the program
 * run rebuilds the handler jar and gets as far as needing the Pulumi engine. That rebuild is a
 * clean build elsewhere, so its jar must be byte-identical to the one this build made.
 *
 * <p>The backend's {@code app/mvnw} starts the program without Maven when nothing changed; the
 * script then changes an app source, a handler source, a pom and the build output in the copy and
 * checks each is rebuilt before the program runs. The script runs once (about two minutes); each
 * test reads its verdicts.
 */
class PulumiEntrypointsTests {

  private static int exitCode;
  private static String output;

  @BeforeAll
  static void runTheScript() throws Exception {
    Path root = StackFiles.root();
    Path log = Files.createTempFile("entrypoints", ".log");
    try {
      Process p =
          new ProcessBuilder("bash", "scripts/check-pulumi-entrypoints.sh")
              .directory(root.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      boolean finished = p.waitFor(10, TimeUnit.MINUTES);
      if (!finished) {
        p.destroyForcibly().waitFor();
      }
      output = Files.readString(log);
      exitCode = finished ? p.exitValue() : -1;
    } finally {
      Files.deleteIfExists(log);
    }
  }

  @Test
  void cliCommands_shouldDiscoverTheAwsPlugin_andStartBothPrograms() {
    assertThat(exitCode).as(output).isZero();
    assertThat(output)
        .contains(
            "ok   backend: plugin discovery prints [{\"resource\":true,\"name\":\"aws\",\"version\":\"6.83.0\"}]")
        .contains("ok   backend: the run rebuilt handler/target/handler-lambda.jar")
        // A formatting slip and a javac warning do not block a deploy; dev/local/ is not built.
        .contains(
            "ok   backend: built without the quality gates, and without dev/local/ and dev/benchmark/")
        // The reactor built handler before app, so this tree's jar exists and must match.
        .contains("ok   backend: the handler jar is reproducible")
        .contains("ok   toolchain: 'mvnw compile exec:java' starts the program")
        .contains("entry points ok");
  }

  @Test
  void fastStart_shouldBuildWithMaven_whenTheCheckoutIsFresh() {
    // A copy without target/ directories, as the pipeline's checkout: no stamp, no classpath.
    assertThat(output).as(output).contains("(first run, built with Maven:");
  }

  @Test
  void fastStart_shouldNotRunMaven_whenNothingChanged() {
    assertThat(output).as(output).contains("ok   backend: nothing changed, no Maven:");
  }

  @Test
  void fastStart_shouldRunTheNewClass_whenAnAppSourceChanged() {
    assertThat(output)
        .as(output)
        .contains(
            "ok   backend: after an app source change the program is rebuilt and the new class runs")
        // Rebuilt by plugin discovery, then started without Maven: the old marker never shows.
        .contains("and the program runs the new class without Maven");
  }

  @Test
  void fastStart_shouldRebuildTheHandlerJar_whenAHandlerSourceChanged() {
    assertThat(output)
        .as(output)
        .contains(
            "ok   backend: after a handler source change the handler jar is rebuilt before the program runs");
  }

  @Test
  void fastStart_shouldRebuild_whenTheBuildOutputIsGoneOrAPomChanged() {
    assertThat(output)
        .as(output)
        .contains("ok   backend: with handler/target removed the program is rebuilt first")
        .contains("ok   backend: after a pom change the program is rebuilt first");
  }

  @Test
  void fastStart_shouldLeaveTheCommandToMaven_whenTheArgumentsDifferOrItIsTurnedOff() {
    assertThat(output)
        .as(output)
        .contains("ok   backend: other arguments and APP_MVNW_FAST_START=0 go to Maven");
  }
}
