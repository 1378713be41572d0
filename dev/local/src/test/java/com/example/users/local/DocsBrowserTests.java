package com.example.users.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.http.Endpoint;
import com.example.users.http.RouteTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The interactive reference at {@code /docs} in headless Chromium: it renders every operation of
 * the route table from the served document, and "Try it out" creates a user that a following {@code
 * GET}, also from the page, returns. Screenshots go to {@code target/screenshots}.
 */
class DocsBrowserTests {

  private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
  private static LocalServer server;
  private static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    server =
        LocalServer.start(0, Optional.empty(), new PrintStream(LOG, true, StandardCharsets.UTF_8));
    browser = Browser.start();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      server.close();
    }
  }

  private static URI docs() {
    return URI.create(server.baseUrl() + "/docs");
  }

  @Test
  void docs_shouldRenderEveryOperation() throws Exception {
    browser.driver.get(docs().toString());
    List<WebElement> operations =
        browser
            .waiting()
            .until(
                ExpectedConditions.numberOfElementsToBe(
                    By.cssSelector(".opblock"), RouteTable.routes().size()));
    List<String> summaries =
        operations.stream()
            .map(op -> op.findElement(By.cssSelector(".opblock-summary-method")).getText())
            .toList();
    assertThat(summaries)
        .containsExactlyInAnyOrderElementsOf(
            RouteTable.routes().stream().map(Endpoint::method).toList());
    assertThat(browser.driver.findElement(By.cssSelector(".info .title")).getText())
        .contains("User management API");
    screenshot("docs-overview.png");
  }

  @Test
  void tryItOut_shouldCreateAUser_thatAFollowingGetReturns() throws Exception {
    browser.driver.get(docs() + "#/default/createUser");
    WebElement create = operation("post", "/users");
    expand(create);
    WebElement body = tryItOut(create, By.cssSelector("textarea.body-param__text"));
    body.clear();
    body.sendKeys("{\"username\":\"from-the-docs\",\"email\":\"docs@example.com\"}");
    click(create, By.cssSelector("button.execute"));
    assertThat(liveStatus(create)).isEqualTo("201");
    screenshot("docs-try-it-create.png");

    WebElement get = operation("get", "/users/{username}");
    expand(get);
    WebElement username = tryItOut(get, By.cssSelector("tr[data-param-name='username'] input"));
    username.sendKeys("from-the-docs");
    click(get, By.cssSelector("button.execute"));
    assertThat(liveStatus(get)).isEqualTo("200");
    String shown =
        get.findElement(By.cssSelector(".live-responses-table tbody .response-col_description"))
            .getText();
    assertThat(shown).contains("\"username\": \"from-the-docs\"", "docs@example.com");
    // And the user really is stored, not just shown.
    var stored = ApiProbe.send(server.baseUrl(), "GET", "/users/from-the-docs", null);
    assertThat(stored.statusCode()).isEqualTo(200);
    assertThat(stored.body()).contains("\"email\":\"docs@example.com\"");
    assertThat(LOG.toString(StandardCharsets.UTF_8)).contains("\"route\":\"POST /users\"");
  }

  private static WebElement operation(String method, String path) {
    return browser
        .waiting()
        .until(
            d ->
                d.findElements(By.cssSelector(".opblock-" + method)).stream()
                    .filter(
                        op ->
                            op.findElement(By.cssSelector(".opblock-summary-path"))
                                .getAttribute("data-path")
                                .equals(path))
                    .findFirst()
                    .orElse(null));
  }

  private static void expand(WebElement op) {
    if (op.findElements(By.cssSelector(".opblock-body")).isEmpty()) {
      op.findElement(By.cssSelector(".opblock-summary-control")).click();
    }
    browser.waiting().until(d -> !op.findElements(By.cssSelector(".opblock-body")).isEmpty());
  }

  /**
   * Presses "Try it out" until {@code editable} is displayed and enabled (Swagger UI renders inputs
   * disabled before; a press during the panel's opening animation can be lost), and returns that
   * element.
   */
  private static WebElement tryItOut(WebElement op, By editable) {
    return browser
        .waiting()
        .ignoring(StaleElementReferenceException.class)
        .ignoring(ElementClickInterceptedException.class)
        .until(
            d -> {
              List<WebElement> ready = op.findElements(editable);
              if (!ready.isEmpty() && ready.get(0).isDisplayed() && ready.get(0).isEnabled()) {
                return ready.get(0);
              }
              WebElement button = op.findElement(By.cssSelector(".try-out__btn"));
              if (button.getText().contains("Try it out")) {
                button.click();
              }
              return null;
            });
  }

  private static void click(WebElement within, By what) {
    browser.waiting().until(ExpectedConditions.elementToBeClickable(within.findElement(what)));
    within.findElement(what).click();
  }

  private static String liveStatus(WebElement op) {
    return browser
        .waiting()
        .until(
            d -> {
              List<WebElement> cells =
                  op.findElements(
                      By.cssSelector(".live-responses-table tbody .response-col_status"));
              return cells.isEmpty() || cells.get(0).getText().isBlank()
                  ? null
                  : cells.get(0).getText().trim();
            });
  }

  private static void screenshot(String name) throws Exception {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), browser.driver.getScreenshotAs(OutputType.BYTES));
  }
}
