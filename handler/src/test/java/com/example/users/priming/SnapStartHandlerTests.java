package com.example.users.priming;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.config.HandlerConfig;
import com.example.users.http.ApiHandler;
import com.example.users.storage.DynamoDbClients;
import com.example.users.storage.UserTable;
import com.example.users.testing.DynaliteExtension;
import com.example.users.testing.HandlerClient;
import com.example.users.testing.HandlerClient.Response;
import com.example.users.testing.TestTable;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** SnapStart priming: it runs the request path, success paths included, and writes nothing. */
@ExtendWith(DynaliteExtension.class)
class SnapStartHandlerTests {

  private static JsonObject sampleEvent(String name) throws IOException {
    try (InputStream in = SnapStartHandlerTests.class.getResourceAsStream("/events/" + name)) {
      return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .getAsJsonObject();
    }
  }

  private static SnapStartHandler snapStartHandler(HandlerConfig config) {
    return new SnapStartHandler(
        config,
        new ApiHandler(config, DynamoDbClients.localCredentials(), List.of()),
        DynamoDbClients.localCredentials());
  }

  @Test
  void prime_shouldRunTheRequestPath_withoutWritingAnything(HandlerConfig config) {
    SnapStartHandler handler = snapStartHandler(config);
    Priming.Report report = handler.prime();
    assertThat(report.requests()).containsExactly(404, 400, 404, 404);
    assertThat(report.handshakes())
        .hasSize(Priming.HANDSHAKE_ROUNDS)
        .allSatisfy(status -> assertThat(status).isEqualTo(404));
    // Every success path ran, on answers from memory: still nothing in the table.
    assertThat(report.rehearsal()).containsExactly(201, 200, 200, 204, 200);
    assertThat(report.rounds()).isPositive().isLessThanOrEqualTo(Priming.ROUNDS);
    assertThat(TestTable.scanAll(config)).isEmpty();
    handler.beforeCheckpoint(null);
    handler.afterRestore(null);
    assertThat(TestTable.scanAll(config)).isEmpty();
  }

  @Test
  void rehearsal_shouldAnswerFromMemory_andNeverReachTheTable(HandlerConfig config)
      throws IOException {
    RehearsalHttpClient answers = new RehearsalHttpClient("rehearsed");
    HandlerClient rehearsal =
        new HandlerClient(new ApiHandler(config, DynamoDbClients.localCredentials(), answers));
    JsonObject create = sampleEvent("create-user.json");
    create.addProperty("body", "{\"username\":\"rehearsed\",\"email\":\"r@example.com\"}");
    assertThat(rehearsal.sendEvent(create).status()).isEqualTo(201);
    Response read = rehearsal.sendEvent(sampleEvent("get-user.json"));
    // The stored item is the rehearsal's own, whatever user the event names.
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().get("username").getAsString()).isEqualTo("rehearsed");
    assertThat(read.json().get("version").getAsLong()).isEqualTo(2);
    assertThat(read.json().has(UserTable.WRITE_TOKEN)).isFalse();
    assertThat(answers.requests()).isEqualTo(2);
    assertThat(TestTable.scanAll(config)).isEmpty();
  }

  @Test
  void prime_shouldLeaveAUserNamedLikeThePrimingUserUntouched(HandlerConfig config)
      throws IOException {
    SnapStartHandler handler = snapStartHandler(config);
    HandlerClient client = new HandlerClient(handler);
    JsonObject create = sampleEvent("create-user.json");
    create.addProperty("body", "{\"username\":\"snapstart-priming\",\"email\":\"p@example.com\"}");
    assertThat(client.sendEvent(create).status()).isEqualTo(201);
    var before = TestTable.scanAll(config);

    // The conditional update and delete fail on the version, so they answer 412 and change nothing.
    assertThat(handler.prime().requests()).containsExactly(200, 400, 412, 412);
    assertThat(TestTable.scanAll(config)).isEqualTo(before);
  }

  @Test
  void handleRequest_shouldServeThroughTheWrappedHandler(HandlerConfig config) throws IOException {
    HandlerClient client = new HandlerClient(snapStartHandler(config));
    assertThat(client.sendEvent(sampleEvent("create-user.json")).status()).isEqualTo(201);
    assertThat(client.sendEvent(sampleEvent("get-user.json")).status()).isEqualTo(200);
  }

  @Test
  void event_shouldBeReadByTheHandlerAsTheRequestItDescribes(HandlerConfig config)
      throws IOException {
    ApiHandler handler = new ApiHandler(config, DynamoDbClients.localCredentials(), List.of());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new java.io.ByteArrayInputStream(
            Priming.event("POST", "/users", "", "{\"username\":\"eve\"}", null)),
        out,
        new com.example.users.testing.TestContext().context());
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"statusCode\":201");
    assertThat(TestTable.scanAll(config)).hasSize(1);
  }
}
