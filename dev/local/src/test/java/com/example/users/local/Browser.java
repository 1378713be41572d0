package com.example.users.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for the browser tests, through a ChromeDriver of the same version, both given
 * by path so that Selenium Manager never runs and nothing is downloaded; a fresh profile per
 * session. The paths come from {@code CHROMIUM_PATH} and {@code CHROMEDRIVER_PATH} (GitHub's runner
 * sets them from one Chrome for Testing install), else Debian's packages {@code chromium} and
 * {@code chromium-driver}; {@code .config/ensure-browser.sh} installs those before the tests run.
 */
final class Browser implements AutoCloseable {

  static final String CHROMIUM = configured("CHROMIUM_PATH", "/usr/bin/chromium");
  static final String CHROMEDRIVER = configured("CHROMEDRIVER_PATH", "/usr/bin/chromedriver");

  /** Generous: the machine is busy; waits end as soon as their condition holds. */
  static final Duration PATIENCE = Duration.ofSeconds(90);

  final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  private static String configured(String variable, String debianPath) {
    String value = System.getenv(variable);
    return value == null || value.isBlank() ? debianPath : value;
  }

  static Browser start() throws IOException {
    for (String path : new String[] {CHROMIUM, CHROMEDRIVER}) {
      if (!Files.isExecutable(Path.of(path))) {
        throw new IllegalStateException(
            path
                + " is missing: the browser tests need Chromium and a ChromeDriver of the same"
                + " version (./mvnw verify installs Debian's chromium and chromium-driver as root;"
                + " see .config/ensure-browser.sh, or set CHROMIUM_PATH and CHROMEDRIVER_PATH)");
      }
    }
    Path profile = Files.createTempDirectory("chromium-profile");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-quic",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1600",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .withTimeout(PATIENCE)
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(PATIENCE);
    driver.manage().timeouts().pageLoadTimeout(PATIENCE);
    return new Browser(driver, profile);
  }

  WebDriverWait waiting() {
    return new WebDriverWait(driver, PATIENCE);
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }
}
