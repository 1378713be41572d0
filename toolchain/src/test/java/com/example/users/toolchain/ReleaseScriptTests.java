package com.example.users.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/pre-traffic-check.sh} and {@code scripts/release.sh}, which the deploy job runs
 * after {@code pulumi up}, against stand-in {@code pulumi} and {@code aws} commands ({@link
 * FakeAws}).
 */
class ReleaseScriptTests {

  private static final Path PRE_TRAFFIC = StandIns.ROOT.resolve("scripts/pre-traffic-check.sh");
  private static final Path RELEASE = StandIns.ROOT.resolve("scripts/release.sh");
  private static final Path SMOKE = StandIns.ROOT.resolve("scripts/smoke-test.sh");
  private static final String FUNCTION = "user-management-production-api-1a2b3c";

  @TempDir Path dir;

  private StandIns standIns(String outputs) throws IOException {
    Files.writeString(dir.resolve("outputs.json"), outputs);
    return new StandIns(dir)
        .command("aws", FakeAws.BODY)
        .command(
            "pulumi",
            """
            case "$1 $2" in
              "stack output") cat "$STATE/outputs.json" ;;
              "config get") echo eu-west-1 ;;
              *) exit 9 ;;
            esac
            """)
        .env("SNAPSTART_POLL_SECONDS", "0")
        .env("RELEASE_POLL_SECONDS", "0");
  }

  private static String outputs(boolean shifting) {
    return "{\"functionName\": \""
        + FUNCTION
        + "\", \"functionVersion\": \"8\""
        + (shifting
            ? ", \"codeDeployApplication\": \"user-management-production-deployment-app-9f8e\","
                + " \"codeDeployDeploymentGroup\": \"live\""
            : "")
        + "}";
  }

  private void lines(String file, String... lines) throws IOException {
    Files.write(dir.resolve(file), List.of(lines));
  }

  @Test
  void preTrafficCheck_invokesTheVersionByQualifier_withTheSmokeTestsRequests_andLeavesNoUser()
      throws Exception {
    StandIns.Run run = standIns("{}").run(dir, PRE_TRAFFIC, FUNCTION, "8", "eu-west-1");

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("pre-traffic check passed").contains("(5 requests)");
    List<String> invokes = run.callsStartingWith("aws lambda invoke");
    assertThat(invokes)
        .hasSize(5)
        .allSatisfy(
            c ->
                assertThat(c)
                    .contains("--function-name " + FUNCTION)
                    .contains("--qualifier 8")
                    .contains("--region eu-west-1"));
    // The same requests, in the same order, as the smoke test sends through the API.
    List<String> sent =
        Files.readAllLines(dir.resolve("requests")).stream()
            .map(r -> r.replaceAll("/users/pretraffic-[0-9]+-[0-9]+", "/users/NAME"))
            .toList();
    assertThat(sent).isEqualTo(smokeTestRequests());
    try (var users = Files.list(dir.resolve("users"))) {
      assertThat(users).as("no data left behind").isEmpty();
    }
  }

  @Test
  void preTrafficCheck_fails_onAWrongAnswer_andStillDeletesTheUserItCreated() throws Exception {
    Files.writeString(dir.resolve("broken"), "");
    StandIns.Run run = standIns("{}").run(dir, PRE_TRAFFIC, FUNCTION, "8");

    assertThat(run.exit()).isNotZero();
    assertThat(run.output()).contains("FAIL step 3: PUT /users/").contains("expected 200, got 500");
    assertThat(Files.readAllLines(dir.resolve("requests")))
        .last()
        .asString()
        .startsWith("DELETE /users/pretraffic-");
    try (var users = Files.list(dir.resolve("users"))) {
      assertThat(users).isEmpty();
    }
  }

  @Test
  void preTrafficCheck_fails_whenTheVersionRaises_orAnotherVersionAnswers() throws Exception {
    Files.writeString(dir.resolve("crash"), "");
    StandIns.Run crash = standIns("{}").run(dir, PRE_TRAFFIC, FUNCTION, "8");
    assertThat(crash.exit()).isNotZero();
    assertThat(crash.output()).contains("version 8 raised an error (Unhandled)");

    Files.delete(dir.resolve("crash"));
    Files.writeString(dir.resolve("executed"), "7\n");
    StandIns.Run other = standIns("{}").run(dir, PRE_TRAFFIC, FUNCTION, "8");
    assertThat(other.exit()).isNotZero();
    assertThat(other.output()).contains("Lambda ran version 7, not 8");
  }

  @Test
  void release_checksTheNewVersion_thenHasCodeDeployShiftTheAlias_andWaits() throws Exception {
    // The alias before the release, then after CodeDeploy's shift.
    lines("alias", "[\"7\", null]", "[\"8\", null]");
    lines("deployment", "InProgress\tNone", "InProgress\tNone", "Succeeded\tNone");

    StandIns.Run run = standIns(outputs(true)).run(dir, RELEASE, "production");

    assertThat(run.exit()).as(run.output() + run.calls()).isZero();
    assertThat(run.output())
        .contains("releasing " + FUNCTION + " version 8 (the live alias serves 7)")
        .contains("pre-traffic check passed")
        .contains("released: the live alias serves version 8");
    int active = run.indexOf("aws lambda get-function-configuration");
    int firstInvoke = run.indexOf("aws lambda invoke");
    int deploy = run.indexOf("aws deploy create-deployment");
    assertThat(active).as("waits for the new version first").isPositive();
    assertThat(run.calls().get(active)).contains("--qualifier 8");
    assertThat(firstInvoke).as("then the pre-traffic check").isGreaterThan(active);
    assertThat(deploy).as("then, and only then, the traffic shift").isGreaterThan(firstInvoke);
    String create = run.calls().get(deploy);
    assertThat(create)
        .contains("--application-name user-management-production-deployment-app-9f8e")
        .contains("--deployment-group-name live")
        .contains("--region eu-west-1");
    JsonObject revision =
        JsonParser.parseString(create.substring(create.indexOf("--revision ") + 11).split(" --")[0])
            .getAsJsonObject();
    assertThat(revision.get("revisionType").getAsString()).isEqualTo("AppSpecContent");
    JsonObject appSpec =
        JsonParser.parseString(
                revision.getAsJsonObject("appSpecContent").get("content").getAsString())
            .getAsJsonObject();
    JsonObject properties =
        appSpec
            .getAsJsonArray("Resources")
            .get(0)
            .getAsJsonObject()
            .getAsJsonObject("api")
            .getAsJsonObject("Properties");
    assertThat(
            appSpec
                .getAsJsonArray("Resources")
                .get(0)
                .getAsJsonObject()
                .getAsJsonObject("api")
                .get("Type")
                .getAsString())
        .isEqualTo("AWS::Lambda::Function");
    assertThat(properties.get("Name").getAsString()).isEqualTo(FUNCTION);
    assertThat(properties.get("Alias").getAsString()).isEqualTo("live");
    assertThat(properties.get("CurrentVersion").getAsString()).isEqualTo("7");
    assertThat(properties.get("TargetVersion").getAsString()).isEqualTo("8");
    assertThat(run.callsStartingWith("aws deploy get-deployment --")).hasSize(3);
  }

  @Test
  void release_fails_namingTheAlarm_whenCodeDeployRollsBack_andTheOldVersionServesAll()
      throws Exception {
    lines("alias", "[\"7\", null]", "[\"7\", null]");
    lines("deployment", "InProgress\tNone", "Stopped\tALARM_ACTIVE");
    lines("fired", FakeAws.ERRORS_ALARM);

    StandIns.Run run = standIns(outputs(true)).run(dir, RELEASE, "production");

    assertThat(run.exit()).isNotZero();
    assertThat(run.output())
        .contains("::error title=Release rolled back::")
        .contains("alarm(s) fired: " + FakeAws.ERRORS_ALARM)
        .contains("rolled back: the live alias serves version 7 at 100 %");
    assertThat(run.callsStartingWith("aws cloudwatch describe-alarms"))
        .singleElement()
        .asString()
        .contains("--alarm-names " + FakeAws.ERRORS_ALARM + " " + FakeAws.SERVER_ERRORS_ALARM)
        .contains("--state-value ALARM");
  }

  @Test
  void release_fails_whenTheRollbackLeftTheAliasSplit() throws Exception {
    lines("alias", "[\"7\", null]", "[\"7\", {\"8\": 0.1}]");
    lines("deployment", "Failed\tHEALTH_CONSTRAINTS");

    StandIns.Run run = standIns(outputs(true)).run(dir, RELEASE, "production");

    assertThat(run.exit()).isNotZero();
    assertThat(run.output())
        .contains("Failed (HEALTH_CONSTRAINTS)")
        .contains("does not serve version 7 alone");
  }

  @Test
  void release_startsNoShift_whenThePreTrafficCheckFails() throws Exception {
    lines("alias", "[\"7\", null]");
    Files.writeString(dir.resolve("broken"), "");

    StandIns.Run run = standIns(outputs(true)).run(dir, RELEASE, "production");

    assertThat(run.exit()).isNotZero();
    assertThat(run.indexOf("aws deploy create-deployment")).isNegative();
  }

  @Test
  void release_stopsTheDeployment_afterTheBound() throws Exception {
    lines("alias", "[\"7\", null]");
    lines("deployment", "InProgress\tNone");

    StandIns.Run run =
        standIns(outputs(true)).env("RELEASE_WAIT_SECONDS", "0").run(dir, RELEASE, "production");

    assertThat(run.exit()).isNotZero();
    assertThat(run.callsStartingWith("aws deploy stop-deployment"))
        .singleElement()
        .asString()
        .contains("--deployment-id d-TEST123")
        .contains("--auto-rollback-enabled");
  }

  @Test
  void release_onlyWaits_whenPulumiMovesTheAlias_orTheVersionIsAlreadyLive() throws Exception {
    lines("alias", "8");
    StandIns.Run none = standIns(outputs(false)).run(dir, RELEASE, "sandbox");
    assertThat(none.exit()).as(none.output()).isZero();
    assertThat(none.output()).contains("trafficShifting none");
    assertThat(none.indexOf("aws deploy")).isNegative();
    assertThat(none.indexOf("aws lambda invoke")).isNegative();
    assertThat(none.callsStartingWith("aws lambda get-alias"))
        .singleElement()
        .asString()
        .contains("--region eu-west-1");

    Files.deleteIfExists(dir.resolve("calls"));
    Files.deleteIfExists(dir.resolve("alias.n"));
    lines("alias", "[\"8\", null]", "8");
    StandIns.Run live = standIns(outputs(true)).run(dir, RELEASE, "production");
    assertThat(live.exit()).as(live.output()).isZero();
    assertThat(live.output()).contains("already serves version 8: nothing to release");
    assertThat(live.indexOf("aws deploy")).isNegative();
  }

  /** The smoke test's requests, in order: {@code call METHOD PATH ...} lines of the script. */
  private static List<String> smokeTestRequests() throws IOException {
    return Files.readAllLines(SMOKE).stream()
        .filter(l -> l.startsWith("call "))
        .map(l -> l.split(" "))
        .map(p -> p[1] + " " + p[2].replace("\"", "").replace("${user}", "NAME"))
        .toList();
  }
}
