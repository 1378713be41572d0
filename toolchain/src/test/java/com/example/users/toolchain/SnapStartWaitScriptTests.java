package com.example.users.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/wait-for-snapstart.sh}, which the deploy job runs between {@code pulumi up} and
 * the smoke test, against a stand-in {@code aws} command that answers as Lambda does while a
 * SnapStart version is being published.
 */
class SnapStartWaitScriptTests {

  private static final Path SCRIPT =
      Workflows.dir().resolve("../../scripts/wait-for-snapstart.sh").normalize();

  @TempDir Path dir;

  /** Result of one run: exit code, output and the aws calls made. */
  record Run(int exit, String output, List<String> calls) {}

  /**
   * Runs the script with a fake {@code aws}: {@code get-alias} answers version 7, each {@code
   * get-function-configuration} the next of {@code states} (the last one repeats).
   */
  private Run run(List<String> states, Map<String, String> env) throws Exception {
    return run(states, env, List.of());
  }

  private Run run(List<String> states, Map<String, String> env, List<String> extraArgs)
      throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.write(dir.resolve("states"), states, StandardCharsets.UTF_8);
    Path aws = bin.resolve("aws");
    Files.writeString(
        aws,
        String.join(
            "\n",
            "#!/usr/bin/env bash",
            "echo \"$*\" >> '" + dir.resolve("calls") + "'",
            "case \"$2\" in",
            "  get-alias) echo 7 ;;",
            "  get-function-configuration)",
            "    n=$(grep -c get-function-configuration '" + dir.resolve("calls") + "')",
            "    total=$(wc -l < '" + dir.resolve("states") + "')",
            "    (( n > total )) && n=$total",
            "    sed -n \"${n}p\" '" + dir.resolve("states") + "' ;;",
            "  *) exit 9 ;;",
            "esac",
            ""));
    Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> command =
        new java.util.ArrayList<>(
            List.of("bash", SCRIPT.toString(), "user-management-production-api-1a2b3c"));
    command.addAll(extraArgs);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("AWS_REGION");
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    builder.environment().put("SNAPSTART_POLL_SECONDS", "0");
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(output).isTrue();
    List<String> calls =
        Files.exists(dir.resolve("calls")) ? Files.readAllLines(dir.resolve("calls")) : List.of();
    return new Run(process.exitValue(), output, calls);
  }

  @Test
  void waits_untilTheAliasVersionIsActive() throws Exception {
    Run run =
        run(
            List.of(
                "Pending\tInProgress\tNone",
                "Pending\tInProgress\tNone",
                "Active\tSuccessful\tNone"),
            Map.of());

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("version 7 is Active");
    assertThat(run.calls().get(0))
        .contains("get-alias")
        .contains("--function-name user-management-production-api-1a2b3c")
        .contains("--name live");
    assertThat(run.calls().subList(1, run.calls().size()))
        .hasSize(3)
        .allSatisfy(
            c -> assertThat(c).contains("get-function-configuration").contains("--qualifier 7"));
  }

  @Test
  void asksTheStacksRegion_whenGivenOne_notTheCliDefault() throws Exception {
    Run run = run(List.of("Active\tSuccessful\tNone"), Map.of(), List.of("live", "eu-west-1"));

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.calls())
        .hasSize(2)
        .allSatisfy(c -> assertThat(c).contains("--region eu-west-1"));
  }

  @Test
  void waitsForAGivenVersion_withoutAskingTheAlias() throws Exception {
    Run run = run(List.of("Active\tSuccessful\tNone"), Map.of("SNAPSTART_VERSION", "8"));

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.calls())
        .singleElement()
        .asString()
        .contains("get-function-configuration")
        .contains("--qualifier 8");
  }

  @Test
  void fails_whenTheVersionFails_sayingWhy() throws Exception {
    Run run = run(List.of("Failed\tFailed\tSnapStart snapshot failed"), Map.of());

    assertThat(run.exit()).isNotZero();
    assertThat(run.output()).contains("version 7 failed").contains("SnapStart snapshot failed");
  }

  @Test
  void givesUp_afterTheBound() throws Exception {
    Run run = run(List.of("Pending\tInProgress\tNone"), Map.of("SNAPSTART_WAIT_SECONDS", "0"));

    assertThat(run.exit()).isNotZero();
    assertThat(run.output()).contains("still Pending/InProgress after 0 s; giving up");
  }

  @Test
  void refuses_aBoundThatIsNotANumber() throws Exception {
    Run run = run(List.of("Active\tSuccessful\tNone"), Map.of("SNAPSTART_WAIT_SECONDS", "soon"));

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.output()).contains("SNAPSTART_WAIT_SECONDS must be a whole number");
    assertThat(run.calls()).isEmpty();
  }
}
