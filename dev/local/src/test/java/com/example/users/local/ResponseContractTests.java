package com.example.users.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real responses checked against {@code docs/openapi.yaml} by a third-party validator: the sample's
 * curl session and its error cases go through Stoplight Prism's validating proxy (pinned in {@code
 * docs/package-lock.json}, installed by the build) to local mode, and Prism must report no response
 * violation ({@code sl-violations} entries located in the response).
 */
class ResponseContractTests {

  private static final Path PRISM = Path.of("..", "..", "docs", "node_modules", ".bin", "prism");

  private static LocalServer server;
  private static Process prism;
  private static URI proxy;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    assertThat(PRISM)
        .as("Prism is installed by the build (npm ci in docs/, process-test-classes)")
        .isExecutable();
    server = LocalServer.start(0, Optional.empty(), System.out);
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    proxy = URI.create("http://127.0.0.1:" + port);
    Path spec = dir.resolve("openapi.yaml");
    Files.writeString(
        spec,
        Files.readString(Path.of("..", "..", "docs", "openapi.yaml"))
            .replace("- url: http://localhost:8080", "- url: " + proxy));
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

  /** Sends through Prism and returns the response, after checking Prism found it valid. */
  private static HttpResponse<String> call(
      String method, String path, String body, int status, String... headers) throws Exception {
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
    return r;
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
  }
}
