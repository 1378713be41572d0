package com.example.users.local;

import static com.example.users.local.ApiProbe.assertProblem;
import static com.example.users.local.ApiProbe.assertRequestLogged;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.config.HandlerConfig;
import com.example.users.http.ApiHandler;
import com.example.users.storage.DynamoDbClients;
import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile events that cannot arrive over local mode's HTTP: a body flagged base64 that is not
 * (local mode only base64-encodes bytes itself, so it always produces valid base64; API Gateway
 * does the same, so this guards against a misbehaving integration), and request targets that local
 * mode's edge refuses before routing (malformed percent-encoding, an encoded or raw NUL, '|'),
 * which API Gateway may pass on. They go to the same handler class Lambda runs, as API Gateway v2
 * events, on local mode's dynalite.
 */
class HandlerEventAttackTests {

  private static final ApiProbe.Log LOG = new ApiProbe.Log();
  private static LocalServer server;
  private static ApiHandler handler;
  private static String seeded;

  /** One event and the 4xx problem it must get. */
  record Case(
      String name,
      String method,
      String rawPath,
      String rawQuery,
      String contentType,
      String body,
      boolean base64,
      int status,
      String type) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    server = LocalServer.start(0, Optional.empty(), LOG.stream);
    handler =
        new ApiHandler(
            HandlerConfig.of(
                LocalServer.TABLE_NAME, "us-east-1", Optional.of(server.dynamoDbEndpoint())),
            DynamoDbClients.localCredentials(),
            List.of());
    assertThat(
            ApiProbe.send(server.baseUrl(), "POST", "/users", "{\"username\":\"alice\",\"a\":1}")
                .statusCode())
        .isEqualTo(201);
    seeded = ApiProbe.snapshot(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<Case> cases() {
    String json = "application/json";
    return List.of(
        new Case(
            "base64: not base64",
            "POST",
            "/users",
            "",
            json,
            "!!not base64!!",
            true,
            400,
            "invalid-request"),
        new Case(
            "base64: line breaks (MIME)",
            "POST",
            "/users",
            "",
            json,
            "eyJ1c2VybmFtZSI6\r\nImV2ZSJ9",
            true,
            400,
            "invalid-request"),
        new Case(
            "base64: bad length",
            "POST",
            "/users",
            "",
            json,
            "eyJ1c2VybmFtZSI6ImV2ZSJ9A",
            true,
            400,
            "invalid-request"),
        new Case(
            "base64: URL alphabet",
            "PUT",
            "/users/alice",
            "",
            json,
            "eyJhIjoi-_-_In0",
            true,
            400,
            "invalid-request"),
        new Case(
            "base64: valid, invalid UTF-8 inside",
            "POST",
            "/users",
            "",
            json,
            "eyJ1c2VybmFtZSI6IsMoIn0=",
            true,
            400,
            "invalid-request"),
        new Case(
            "base64: valid, not JSON content type",
            "POST",
            "/users",
            "",
            "image/png",
            "iVBORw0KGgo=",
            true,
            415,
            "unsupported-media-type"),
        new Case(
            "path: encoded NUL",
            "GET",
            "/users/alice%00",
            "",
            null,
            null,
            false,
            400,
            "invalid-request"),
        new Case(
            "path: malformed escape",
            "GET",
            "/users/%zz",
            "",
            null,
            null,
            false,
            400,
            "invalid-request"),
        new Case(
            "path: truncated escape",
            "DELETE",
            "/users/alice%",
            "",
            null,
            null,
            false,
            400,
            "invalid-request"),
        new Case(
            "path: escape missing a digit",
            "GET",
            "/users/alice%4",
            "",
            null,
            null,
            false,
            400,
            "invalid-request"),
        new Case(
            "path: raw NUL",
            "DELETE",
            "/users/ali\u0000ce",
            "",
            null,
            null,
            false,
            400,
            "invalid-request"),
        new Case(
            "path: raw pipe",
            "GET",
            "/users/ali|ce",
            "",
            null,
            null,
            false,
            400,
            "invalid-request"),
        new Case(
            "query: malformed escape",
            "GET",
            "/users",
            "limit=%zz",
            null,
            null,
            false,
            400,
            "invalid-request"),
        new Case(
            "query: invalid UTF-8",
            "GET",
            "/users",
            "cursor=%C3%28",
            null,
            null,
            false,
            400,
            "invalid-request"));
  }

  @ParameterizedTest(name = "{index} {0}")
  @MethodSource("cases")
  void hostileEvent_shouldGetA4xxProblem_andChangeNothing(Case c) throws Exception {
    String requestId = "event-" + c.name().hashCode();
    int mark = LOG.mark();
    JsonObject response = invoke(c, requestId);
    JsonObject headers = response.getAsJsonObject("headers");
    String body = response.get("body").getAsString();
    String id =
        assertProblem(
            response.get("statusCode").getAsInt(),
            Optional.ofNullable(headers.get("content-type")).map(h -> h.getAsString()),
            body,
            c.status(),
            c.type());
    assertThat(id).isEqualTo(requestId);
    assertRequestLogged(
        LOG.since(mark),
        requestId,
        c.rawPath().equals("/users") ? c.method() + " /users" : c.method() + " /users/{username}",
        c.status(),
        0,
        List.of("alice", "ali\u0000ce"));
    ApiProbe.assertUnchanged(seeded, ApiProbe.snapshot(server));
  }

  private static JsonObject invoke(Case c, String requestId) throws Exception {
    JsonObject http = new JsonObject();
    http.addProperty("method", c.method());
    http.addProperty("path", c.rawPath());
    JsonObject context = new JsonObject();
    context.add("http", http);
    context.addProperty("requestId", requestId);
    JsonObject headers = new JsonObject();
    if (c.contentType() != null) {
      headers.addProperty("content-type", c.contentType());
    }
    JsonObject event = new JsonObject();
    event.addProperty("version", "2.0");
    event.addProperty("rawPath", c.rawPath());
    event.addProperty("rawQueryString", c.rawQuery());
    event.add("headers", headers);
    event.add("requestContext", context);
    if (c.body() != null) {
      event.addProperty("body", c.body());
    }
    event.addProperty("isBase64Encoded", c.base64());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)),
        out,
        new InvocationContext(requestId, LOG.stream::print));
    return ApiProbe.json(out.toString(StandardCharsets.UTF_8));
  }
}
