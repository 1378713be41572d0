package com.example.users.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the repository's scripts with stand-in commands ({@code gh}, {@code pulumi}, {@code
 * aws}, {@code curl}) first on the {@code PATH}. Each stand-in is a bash script that appends its
 * name and arguments, one call per line, to a shared log (and, when its input is not a terminal,
 * what it read to {@code stdin-NAME}), then answers as its body says.
 */
final class StandIns {

  /** The repository root (tests run in {@code toolchain/}). */
  static final Path ROOT = Workflows.dir().resolve("../..").normalize();

  private final Path dir;
  private final Path bin;
  private final Map<String, String> env = new HashMap<>();

  /** Result of one run: exit code, output (stdout and stderr) and the stand-ins' calls. */
  record Run(int exit, String output, List<String> calls) {
    /** The index of the first call that starts with {@code prefix}, or -1. */
    int indexOf(String prefix) {
      for (int i = 0; i < calls.size(); i++) {
        if (calls.get(i).startsWith(prefix)) {
          return i;
        }
      }
      return -1;
    }

    /** Calls that start with {@code prefix}. */
    List<String> callsStartingWith(String prefix) {
      return calls.stream().filter(c -> c.startsWith(prefix)).toList();
    }
  }

  StandIns(Path dir) throws IOException {
    this.dir = dir;
    this.bin = Files.createDirectories(dir.resolve("bin"));
  }

  /** The working folder the stand-ins may keep state in (as {@code $STATE}). */
  Path dir() {
    return dir;
  }

  /** Adds a stand-in command whose body runs after its call is logged ({@code $STATE} is set). */
  StandIns command(String name, String body) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(
        file,
        String.join(
            "\n",
            "#!/usr/bin/env bash",
            "STATE='" + dir + "'",
            "printf '%s' '" + name + "' >> \"$STATE/calls\"",
            "for a in \"$@\"; do printf ' %s' \"$a\" >> \"$STATE/calls\"; done",
            "echo >> \"$STATE/calls\"",
            "if [ ! -t 0 ]; then cat >> \"$STATE/stdin-" + name + "\" 2>/dev/null || true; fi",
            body,
            ""),
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return this;
  }

  /** Sets an environment variable of the run. */
  StandIns env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Runs {@code bash script args...} in {@code workDir} with the stand-ins first on the PATH. */
  Run run(Path workDir, Path script, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    builder.environment().put("HOME", dir.resolve("home").toString());
    builder.environment().remove("AWS_REGION");
    builder.environment().remove("PULUMI_ACCESS_TOKEN");
    builder.environment().remove("GITHUB_ACTIONS");
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(output).isTrue();
    Path calls = dir.resolve("calls");
    return new Run(
        process.exitValue(), output, Files.exists(calls) ? Files.readAllLines(calls) : List.of());
  }

  /** What a stand-in read on its standard input, all calls together. */
  String stdin(String name) throws IOException {
    Path file = dir.resolve("stdin-" + name);
    return Files.exists(file) ? Files.readString(file) : "";
  }
}
