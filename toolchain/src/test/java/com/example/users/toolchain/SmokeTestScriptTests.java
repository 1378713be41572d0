package com.example.users.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/smoke-test.sh} with a stand-in {@code curl}, and the bash 3.2 rule for every
 * script of the deploy path: macOS's bash 3.2 treats {@code "${empty[@]}"} as an unset variable
 * under {@code set -u} and aborts, so an array that may be empty is expanded as {@code
 * ${a[@]+"${a[@]}"}}.
 */
class SmokeTestScriptTests {

  private static final Path SMOKE = StandIns.ROOT.resolve("scripts/smoke-test.sh");

  /** A bare {@code "${name[@]}"} not inside the {@code ${name[@]+...}} guard. */
  private static final Pattern BARE_ARRAY =
      Pattern.compile("(?<!\\+)\"\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\[@]}\"");

  @TempDir Path dir;

  @Test
  void everyPossiblyEmptyArray_isExpandedSafelyForBash32() throws Exception {
    for (String script :
        new String[] {
          "smoke-test.sh", "wait-for-snapstart.sh", "pre-traffic-check.sh", "release.sh"
        }) {
      String text = Files.readString(StandIns.ROOT.resolve("scripts").resolve(script));
      Matcher bare = BARE_ARRAY.matcher(text);
      while (bare.find()) {
        String name = bare.group(1);
        // Allowed only for an array that is never empty: never declared as name=().
        assertThat(text)
            .as(script + ": \"${" + name + "[@]}\" may expand an empty array under set -u")
            .doesNotContainPattern("\\b" + name + "=\\(\\)");
      }
    }
    assertThat(Files.readString(SMOKE)).contains("${sign[@]+\"${sign[@]}\"}");
  }

  @Test
  void smokeTest_runsUnsigned_withNoSigningArguments() throws Exception {
    StandIns.Run run =
        new StandIns(dir)
            .command(
                "curl",
                """
                out=""; method=""; url="${@: -1}"
                while [ $# -gt 0 ]; do
                  case "$1" in -o) out="$2"; shift ;; -X) method="$2"; shift ;; esac; shift
                done
                user=smoke-user
                case "$method $url" in
                  "POST http://api/users") echo '{"username":"smoke-user","email":"smoke-user@example.com","version":1}' > "$out"; printf 201 ;;
                  "GET http://api/users/smoke-user")
                    if [ -f "$STATE/deleted" ]; then echo '{"status":404}' > "$out"; printf 404
                    else echo '{"email":"smoke-user@example.com"}' > "$out"; printf 200; fi ;;
                  "PUT http://api/users/smoke-user") echo '{"country":"US","state":"WA","email":"smoke-user@example.com","version":2}' > "$out"; printf 200 ;;
                  "DELETE http://api/users/smoke-user") : > "$out"; touch "$STATE/deleted"; printf 204 ;;
                  *) printf 500 ;;
                esac
                """)
            .env("SMOKE_USERNAME", "smoke-user")
            .run(dir, SMOKE, "http://api/");

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("smoke test passed: http://api (5 requests)");
    assertThat(run.callsStartingWith("curl"))
        .hasSize(5)
        .allSatisfy(c -> assertThat(c).doesNotContain("--aws-sigv4").doesNotContain("--user"));
  }
}
