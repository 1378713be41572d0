package com.example.users.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The commands the Pulumi CLI's maven executor runs, for the backend ({@code app/}) and the
 * toolchain program, run for real in a copy of the working tree by {@code
 * scripts/check-pulumi-entrypoints.sh}: plugin discovery reports the aws plugin, and the program
 * run rebuilds the handler jar and gets as far as needing the Pulumi engine. That rebuild is a
 * clean build elsewhere, so its jar must be byte-identical to the one this build made.
 */
class PulumiEntrypointsTests {

  @Test
  void cliCommands_shouldDiscoverTheAwsPlugin_andStartBothPrograms() throws Exception {
    Path root = StackFiles.root();
    Path log = Files.createTempFile("entrypoints", ".log");
    try {
      Process p =
          new ProcessBuilder("bash", "scripts/check-pulumi-entrypoints.sh")
              .directory(root.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      boolean finished = p.waitFor(8, TimeUnit.MINUTES);
      if (!finished) {
        p.destroyForcibly();
      }
      String output = Files.readString(log);
      assertThat(finished).as(output).isTrue();
      assertThat(p.exitValue()).as(output).isZero();
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
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
