package com.example.users.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A page on a second loopback origin calls local mode with {@code fetch} in headless Chromium: from
 * the allowed origin it creates a user, reads {@code Location} and {@code ETag}, and updates it
 * with {@code If-Match}; from an origin not allowed the browser blocks the same calls (and the
 * blocked {@code POST} never reaches the API, because its preflight fails).
 */
class CorsBrowserTests {

  /** Runs the calls in the page and hands back what it saw; arguments[0] is the API's URL. */
  private static final String CALLS =
      """
      const [api, name, done] = arguments;
      (async () => {
        const out = {};
        try {
          const json = { 'Content-Type': 'application/json' };
          const created = await fetch(api + '/users', {
            method: 'POST', headers: json,
            body: JSON.stringify({ username: name, email: name + '@example.com' }) });
          out.createStatus = created.status;
          out.location = created.headers.get('Location');
          out.createETag = created.headers.get('ETag');
          const updated = await fetch(api + '/users/' + name, {
            method: 'PUT', headers: { ...json, 'If-Match': out.createETag },
            body: JSON.stringify({ country: 'NZ' }) });
          out.updateStatus = updated.status;
          out.updateETag = updated.headers.get('ETag');
          out.country = (await updated.json()).country;
          const stale = await fetch(api + '/users/' + name, {
            method: 'PUT', headers: { ...json, 'If-Match': out.createETag },
            body: JSON.stringify({ country: 'AU' }) });
          out.staleStatus = stale.status;
        } catch (e) {
          out.error = e.name + ': ' + e.message;
        }
        try {
          const listed = await fetch(api + '/users');
          out.listStatus = listed.status;
        } catch (e) {
          out.listError = e.name + ': ' + e.message;
        }
        done(out);
      })();
      """;

  private static HttpServer allowedPage;
  private static HttpServer otherPage;
  private static LocalServer api;
  private static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    allowedPage = page();
    otherPage = page();
    api =
        LocalServer.start(
            0, Optional.empty(), System.out, Cors.parse(origin(allowedPage) + ",http://x.example"));
    browser = Browser.start();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      api.close();
      allowedPage.stop(0);
      otherPage.stop(0);
    }
  }

  /** A blank page on its own loopback origin (127.0.0.1; the API is on localhost). */
  private static HttpServer page() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] html =
              "<!DOCTYPE html><html><head><title>front end</title></head><body>app</body></html>"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, html.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(html);
          }
        });
    server.start();
    return server;
  }

  private static String origin(HttpServer page) {
    return "http://127.0.0.1:" + page.getAddress().getPort();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> callFrom(HttpServer page, String username) {
    browser.driver.get(origin(page) + "/");
    return (Map<String, Object>)
        browser.driver.executeAsyncScript(CALLS, api.baseUrl().toString(), username);
  }

  @Test
  void anAllowedOrigin_shouldCreateAndUpdateWithIfMatch_readingETagAndLocation() throws Exception {
    Map<String, Object> seen = callFrom(allowedPage, "from-a-page");
    assertThat(seen).doesNotContainKey("error").doesNotContainKey("listError");
    assertThat(seen)
        .containsEntry("createStatus", 201L)
        .containsEntry("location", "/users/from-a-page")
        .containsEntry("createETag", "\"1\"")
        .containsEntry("updateStatus", 200L)
        .containsEntry("updateETag", "\"2\"")
        .containsEntry("country", "NZ")
        .containsEntry("staleStatus", 412L)
        .containsEntry("listStatus", 200L);
    var stored = ApiProbe.send(api.baseUrl(), "GET", "/users/from-a-page", null);
    assertThat(stored.body()).contains("\"country\":\"NZ\"", "\"version\":2");
  }

  @Test
  void anOriginNotAllowed_shouldBeBlockedByTheBrowser_andWriteNothing() throws Exception {
    Map<String, Object> seen = callFrom(otherPage, "blocked-user");
    assertThat(seen.get("error")).asString().startsWith("TypeError");
    assertThat(seen.get("listError")).asString().startsWith("TypeError");
    assertThat(seen).doesNotContainKey("createStatus").doesNotContainKey("listStatus");
    var r = ApiProbe.send(api.baseUrl(), "GET", "/users/blocked-user", null);
    assertThat(r.statusCode())
        .as("the POST's preflight failed, so it was never sent")
        .isEqualTo(404);
  }
}
