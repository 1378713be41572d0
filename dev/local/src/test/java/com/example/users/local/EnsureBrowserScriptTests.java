package com.example.users.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .config/ensure-browser.sh}, which {@code ./mvnw verify} runs before the browser tests so
 * that the README's test command works on a fresh machine: run with stand-in {@code apt-get} and
 * {@code id} commands first on the {@code PATH}, and browser paths in a temporary directory.
 */
class EnsureBrowserScriptTests {

  private static final Path SCRIPT =
      Path.of("..", "..", ".config", "ensure-browser.sh").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void ensureBrowser_shouldDoNothing_whenBothArePresent() throws Exception {
    executable(dir.resolve("chromium"));
    executable(dir.resolve("chromedriver"));
    Result r = run(0, "exit 0");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(dir.resolve("apt-get.log")).doesNotExist();
  }

  @Test
  void ensureBrowser_shouldInstallDebiansPackages_whenMissingAndRoot() throws Exception {
    // The stand-in apt-get "installs" by creating both files, as Debian's packages would.
    String install =
        "case \"$*\" in *install*) for f in \"$CHROMIUM_PATH\" \"$CHROMEDRIVER_PATH\"; do"
            + " printf '#!/bin/sh\\n' > \"$f\"; chmod +x \"$f\"; done;; esac; exit 0";
    Result r = run(0, install);
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(Files.readString(dir.resolve("apt-get.log")))
        .contains("update")
        .contains("install -y -qq --no-install-recommends chromium chromium-driver");
  }

  @Test
  void ensureBrowser_shouldFail_whenTheInstallLeavesThemMissing() throws Exception {
    Result r = run(0, "exit 0");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.output()).contains("is still missing").contains("set CHROMIUM_PATH");
  }

  @Test
  void ensureBrowser_shouldStopWithTheCommandToRun_whenMissingAndNotRoot() throws Exception {
    executable(dir.resolve("chromium"));
    Result r = run(1000, "exit 0");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.output())
        .contains("missing: " + dir.resolve("chromedriver"))
        .doesNotContain("missing: " + dir.resolve("chromium"))
        .contains(
            "sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends"
                + " chromium chromium-driver'");
    assertThat(dir.resolve("apt-get.log")).as("no install without the rights").doesNotExist();
  }

  private record Result(int exit, String output) {}

  /** Runs the script as user {@code uid}, with {@code aptGet} as the body of apt-get. */
  private Result run(int uid, String aptGet) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    script(bin.resolve("id"), "echo " + uid);
    script(bin.resolve("apt-get"), "echo \"$*\" >> " + dir.resolve("apt-get.log") + "\n" + aptGet);
    ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("PATH", bin + ":/usr/bin:/bin");
    env.put("CHROMIUM_PATH", dir.resolve("chromium").toString());
    env.put("CHROMEDRIVER_PATH", dir.resolve("chromedriver").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  private static void script(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static void executable(Path file) throws IOException {
    script(file, "exit 0");
  }
}
