package com.example.users.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The test job's browser: Chrome for Testing and its matching ChromeDriver from one install, whose
 * paths reach the browser tests through {@code CHROMIUM_PATH} and {@code CHROMEDRIVER_PATH} (read
 * by dev/local's {@code Browser} and {@code .config/ensure-browser.sh}), never the image's own
 * pair.
 */
class BrowserSetupWorkflowTests {

  @Test
  @SuppressWarnings("unchecked")
  void testJob_shouldInstallAMatchingBrowserAndDriver_andPassTheirPathsToTheTests() {
    Map<String, Object> jobs =
        (Map<String, Object>) Workflows.parse(Workflows.dir().resolve("pipeline.yml")).get("jobs");
    List<Map<String, Object>> steps =
        (List<Map<String, Object>>) ((Map<String, Object>) jobs.get("test")).get("steps");

    int setup = -1;
    int suite = -1;
    for (int i = 0; i < steps.size(); i++) {
      String uses = String.valueOf(steps.get(i).get("uses"));
      String run = String.valueOf(steps.get(i).get("run"));
      if (uses.startsWith("browser-actions/setup-chrome@")) {
        setup = i;
      } else if (run.contains("./mvnw") && run.contains("verify")) {
        suite = i;
      }
    }
    assertThat(setup).as("a browser-actions/setup-chrome step in the test job").isNotNegative();
    assertThat(suite).as("the test suite runs after the browser is set up").isGreaterThan(setup);

    Map<String, Object> chrome = steps.get(setup);
    Map<String, Object> with = (Map<String, Object>) chrome.get("with");
    assertThat(String.valueOf(with.get("install-chromedriver"))).isEqualTo("true");
    String id = String.valueOf(chrome.get("id"));
    Map<String, Object> env = (Map<String, Object>) steps.get(suite).get("env");
    assertThat(env)
        .containsEntry("CHROMIUM_PATH", "${{ steps." + id + ".outputs.chrome-path }}")
        .containsEntry("CHROMEDRIVER_PATH", "${{ steps." + id + ".outputs.chromedriver-path }}");
  }
}
