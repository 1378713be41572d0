package com.example.users.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/drift-check.sh} and {@code scripts/drift-issue.sh}, which the scheduled drift
 * workflow runs, against a stand-in {@code gh} (an issue tracker in {@code $STATE/issue}: the open
 * drift issue's number, if any) and a stand-in {@code pulumi} whose preview prints {@code
 * $STATE/preview} and exits with {@code $STATE/preview-exit}.
 */
class DriftScriptTests {

  private static final Path CHECK = StandIns.ROOT.resolve("scripts/drift-check.sh");
  private static final String DRIFT =
      "~ aws:lambda/function:Function user-management-production-api update [diff: ~memorySize]\n"
          + "error: no changes were expected but changes were proposed\n";

  @TempDir Path dir;

  private StandIns.Run run(String outcome, String preview, int exit, String openIssue)
      throws IOException, InterruptedException {
    Files.writeString(dir.resolve("preview"), preview);
    Files.writeString(dir.resolve("preview-exit"), String.valueOf(exit));
    if (openIssue != null) {
      Files.writeString(dir.resolve("issue"), openIssue);
    }
    return new StandIns(dir)
        .command(
            "gh",
            """
            case "$1 $2" in
              "issue list") cat "$STATE/issue" 2>/dev/null || true ;;
              "issue create") echo 42 > "$STATE/issue"; echo https://github.com/o/r/issues/42 ;;
              "issue comment") ;;
              "issue close") rm -f "$STATE/issue" ;;
              "label create") ;;
              *) echo "unexpected gh $*" >&2; exit 9 ;;
            esac
            """)
        .command(
            "pulumi",
            """
            cat "$STATE/preview"; exit "$(cat "$STATE/preview-exit")"
            """)
        .env("OUTCOME", outcome)
        .env("STACK", "production")
        .env("RUN_URL", "https://github.com/o/r/actions/runs/1")
        .run(dir, CHECK);
  }

  @Test
  void drift_opensOneIssue_withThePreview() throws Exception {
    StandIns.Run run = run("failure", DRIFT, 255, null);

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.callsStartingWith("pulumi"))
        .singleElement()
        .asString()
        .contains("preview --refresh --expect-no-changes")
        .contains("--stack production");
    assertThat(run.callsStartingWith("gh issue create"))
        .singleElement()
        .asString()
        .contains("--title Production has drifted from the code")
        .contains("--label production-drift");
    assertThat(run.indexOf("gh label create production-drift"))
        .isBetween(0, run.indexOf("gh issue create"));
    assertThat(run.output()).contains("::warning title=Production drift::");
  }

  @Test
  void persistingDrift_commentsOnTheOpenIssue_insteadOfOpeningAnother() throws Exception {
    StandIns.Run run = run("failure", DRIFT, 255, "17");

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.callsStartingWith("gh issue list"))
        .singleElement()
        .asString()
        .contains("--label production-drift")
        .contains("--state open");
    assertThat(run.callsStartingWith("gh issue create")).isEmpty();
    assertThat(run.callsStartingWith("gh issue comment"))
        .singleElement()
        .asString()
        .startsWith("gh issue comment 17 --body-file");
  }

  @Test
  void noDrift_closesTheOpenIssue_andRunsNoSecondPreview() throws Exception {
    StandIns.Run run = run("success", "", 0, "17");

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.callsStartingWith("pulumi")).isEmpty();
    assertThat(run.callsStartingWith("gh issue close"))
        .singleElement()
        .asString()
        .startsWith("gh issue close 17 --comment Production matches the code again");
    assertThat(Files.exists(dir.resolve("issue"))).isFalse();
  }

  @Test
  void noDrift_withoutAnIssue_changesNothing() throws Exception {
    StandIns.Run run = run("success", "", 0, null);

    assertThat(run.exit()).isZero();
    assertThat(run.output()).contains("no drift");
    assertThat(run.calls()).allSatisfy(c -> assertThat(c).startsWith("gh issue list"));
  }

  @Test
  void anotherFailure_failsTheRun_withoutTouchingTheIssue() throws Exception {
    StandIns.Run run = run("failure", "error: could not load plugin: no credentials\n", 255, "17");

    assertThat(run.exit()).isNotZero();
    assertThat(run.output()).contains("::error title=Drift check failed::");
    assertThat(run.calls()).noneMatch(c -> c.startsWith("gh issue"));
  }
}
