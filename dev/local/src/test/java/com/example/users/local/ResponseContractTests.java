package com.example.users.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.http.Endpoint;
import com.example.users.http.RouteTable;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Real responses checked against {@code docs/openapi.yaml} by a third-party validator: the sample's
 * curl session and its error cases go through Stoplight Prism's validating proxy (pinned in {@code
 * docs/package-lock.json}, installed by the build) to local mode, and Prism must report no response
 * violation ({@code sl-violations} entries located in the response).
 *
 * <p>Answers to {@code HEAD}, which Prism cannot check (it answers them with a bare 500), are
 * checked here against the document instead: the status is one the operation documents, every
 * header documented for it is sent, and there is no body. The session must call every route of the
 * route table: a new route fails here until it gets its calls.
 */
class ResponseContractTests {

  private static final Path PRISM = Path.of("..", "..", "docs", "node_modules", ".bin", "prism");

  private static final Path DOCUMENT = Path.of("..", "..", "docs", "openapi.yaml");

  /** The route keys the session called. */
  private static final Set<String> CALLED = new TreeSet<>();

  private static Map<String, Object> document;
  private static LocalServer server;
  private static Process prism;
  private static URI proxy;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    assertThat(PRISM)
        .as("Prism is installed by the build (npm ci in docs/, process-test-classes)")
        .isExecutable();
    try (InputStream in = Files.newInputStream(DOCUMENT)) {
      document = new Yaml().load(in);
    }
    server = LocalServer.start(0, Optional.empty(), System.out);
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    proxy = URI.create("http://127.0.0.1:" + port);
    Path spec = dir.resolve("openapi.yaml");
    Files.writeString(
        spec,
        Files.readString(DOCUMENT).replace("- url: http://localhost:8080", "- url: " + proxy));
    prism =
        new ProcessBuilder(
                PRISM.toAbsolutePath().toString(),
                "proxy",
                spec.toString(),
                server.baseUrl().toString(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port))
            .redirectErrorStream(true)
            .start();
    CompletableFuture<Boolean> listening = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(prism.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                  if (line.contains("Prism is listening")) {
                    listening.complete(true);
                  }
                }
              } catch (java.io.IOException e) {
                listening.completeExceptionally(e);
              }
              listening.complete(false);
            },
            "prism-output");
    reader.setDaemon(true);
    reader.start();
    assertThat(listening.get(180, TimeUnit.SECONDS)).as("Prism started").isTrue();
  }

  @AfterAll
  static void stop() throws Exception {
    if (prism != null) {
      prism.destroy();
      prism.waitFor(30, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  /**
   * Sends through Prism and returns the response, after checking Prism found it valid; a {@code
   * HEAD} goes to local mode directly and is checked against the document here ({@link
   * #callWithoutBody}).
   */
  private static HttpResponse<String> call(
      String method, String path, String body, int status, String... headers) throws Exception {
    RouteTable.match(method, withoutQuery(path))
        .filter(RouteTable.RouteMatch::methodAllowed)
        .ifPresent(m -> CALLED.add(m.endpoint().routeKey()));
    if (method.equals("HEAD")) {
      return callWithoutBody(method, path, status, headers);
    }
    HttpResponse<String> r = ApiProbe.send(proxy, method, path, body, headers);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
    List<String> responseViolations = new ArrayList<>();
    for (String header : r.headers().allValues("sl-violations")) {
      JsonArray violations = JsonParser.parseString(header).getAsJsonArray();
      for (JsonElement v : violations) {
        JsonArray location = v.getAsJsonObject().getAsJsonArray("location");
        if (location != null
            && !location.isEmpty()
            && location.get(0).getAsString().equals("response")) {
          responseViolations.add(v.toString());
        }
      }
    }
    assertThat(responseViolations).as(method + " " + path).isEmpty();
    Map<String, Object> documented = documentedResponse(method, path, status);
    if (!documented.containsKey("content")) {
      // Prism passes a body-less answer it has nothing to compare; check what the document says.
      checkBodiless(method, path, r, documented);
    }
    return r;
  }

  /** A {@code HEAD}, sent to local mode directly, checked against the document. */
  private static HttpResponse<String> callWithoutBody(
      String method, String path, int status, String... headers) throws Exception {
    HttpResponse<String> r = ApiProbe.send(server.baseUrl(), method, path, null, headers);
    assertThat(r.statusCode()).as(method + " " + path).isEqualTo(status);
    checkBodiless(method, path, r, documentedResponse(method, path, status));
    return r;
  }

  /** The document's response of the operation a request matches, for a status; fails if none. */
  private static Map<String, Object> documentedResponse(String method, String path, int status) {
    String template =
        RouteTable.match(method, withoutQuery(path))
            .map(RouteTable.RouteMatch::pathTemplate)
            .orElseThrow();
    Map<String, Object> operation =
        map(map(map(document, "paths"), template), method.toLowerCase(Locale.ROOT));
    Map<String, Object> response =
        resolve(map(map(operation, "responses"), Integer.toString(status)));
    assertThat(response)
        .as(
            "docs/openapi.yaml documents no %d answer for %s %s: add it there",
            status, method, template)
        .isNotEmpty();
    return response;
  }

  /**
   * A body-less answer against its documented response: every header the document gives it is sent,
   * and no body is.
   */
  private static void checkBodiless(
      String method, String path, HttpResponse<String> r, Map<String, Object> response) {
    assertThat(r.body()).as(method + " " + path + " has no body").isEmpty();
    for (String header : map(response, "headers").keySet()) {
      assertThat(r.headers().firstValue(header))
          .as("%s %s: the %s header docs/openapi.yaml documents for it", method, path, header)
          .isPresent();
    }
  }

  private static String withoutQuery(String path) {
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object value = parent == null ? null : parent.get(key);
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** Follows a {@code $ref} to {@code #/components/...}. */
  private static Map<String, Object> resolve(Map<String, Object> node) {
    Object ref = node.get("$ref");
    if (!(ref instanceof String target) || !target.startsWith("#/")) {
      return node;
    }
    Map<String, Object> at = document;
    for (String part : target.substring(2).split("/")) {
      at = map(at, part);
    }
    return resolve(at);
  }

  @Test
  void theCurlSessionAndItsErrors_shouldMatchTheDocument() throws Exception {
    String john = "{\"username\":\"john\",\"email\":\"john@example.com\"}";
    var created = call("POST", "/users", john, 201);
    assertThat(created.headers().firstValue("location")).contains("/users/john");
    call("GET", "/users/john", null, 200);
    call("PUT", "/users/john", "{\"country\":\"US\",\"state\":\"WA\"}", 200);
    call("PUT", "/users/john", "{\"country\":\"NZ\"}", 200, "If-Match", "\"2\"");
    call("PUT", "/users/john", "{\"country\":\"AU\"}", 412, "If-Match", "\"1\"");
    call("POST", "/users", "{\"username\":\"jane\"}", 201);
    var page = call("GET", "/users?limit=1", null, 200);
    assertThat(page.body()).contains("nextCursor");
    call("GET", "/users", null, 200);
    call("POST", "/users", john, 409);
    call("POST", "/users", "{\"username\":\"Not Valid\"}", 400);
    call("GET", "/users?limit=0", null, 400);
    call("GET", "/users/nobody", null, 404);
    call("DELETE", "/users/john", null, 204);
    call("DELETE", "/users/john", null, 404);

    assertThat(CALLED)
        .as(
            "routes of the route table this contract session never calls: add calls for them to"
                + " dev/local/src/test/java/com/example/users/local/ResponseContractTests.java")
        .containsAll(RouteTable.routes().stream().map(Endpoint::routeKey).toList());
  }
}
