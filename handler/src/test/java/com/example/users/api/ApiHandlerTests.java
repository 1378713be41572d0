package com.example.users.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.config.HandlerConfig;
import com.example.users.storage.DynamoDbClients;
import com.example.users.storage.UserTable;
import com.example.users.testing.DynaliteExtension;
import com.example.users.testing.HandlerClient;
import com.example.users.testing.HandlerClient.Response;
import com.example.users.testing.TestContext;
import com.example.users.testing.TestTable;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The Lambda entry point: events as API Gateway sends them, priming, broken events. */
@ExtendWith(DynaliteExtension.class)
class ApiHandlerTests {

  private static JsonObject sampleEvent(String name) throws IOException {
    try (InputStream in = ApiHandlerTests.class.getResourceAsStream("/events/" + name)) {
      return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .getAsJsonObject();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "create-user.json, 201",
    "get-user.json, 200",
    "update-user.json, 200",
    "list-users.json, 200",
    "delete-user.json, 204",
    "create-user-base64.json, 201",
    "wrong-method.json, 405",
  })
  void sampleEvents_shouldBeServed(String file, int status, HandlerConfig config)
      throws IOException {
    HandlerClient client =
        new HandlerClient(new ApiHandler(config, DynamoDbClients.localCredentials(), List.of()));
    if (!file.startsWith("create")) {
      client.sendEvent(sampleEvent("create-user.json"));
    }
    assertThat(client.sendEvent(sampleEvent(file)).status()).isEqualTo(status);
  }

  @Test
  void prime_shouldRunTheRequestPath_withoutWritingAnything(HandlerConfig config) {
    ApiHandler handler = new ApiHandler(config, DynamoDbClients.localCredentials(), List.of());
    Priming.Report report = Priming.prime(handler);
    assertThat(report.requests()).containsExactly(404, 400, 404, 404);
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
    ApiHandler handler = new ApiHandler(config, DynamoDbClients.localCredentials(), List.of());
    RehearsalHttpClient answers = new RehearsalHttpClient("rehearsed");
    HandlerClient rehearsal = new HandlerClient(handler.rehearsal(answers));
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
    ApiHandler handler = new ApiHandler(config, DynamoDbClients.localCredentials(), List.of());
    HandlerClient client = new HandlerClient(handler);
    JsonObject create = sampleEvent("create-user.json");
    create.addProperty("body", "{\"username\":\"snapstart-priming\",\"email\":\"p@example.com\"}");
    assertThat(client.sendEvent(create).status()).isEqualTo(201);
    var before = TestTable.scanAll(config);

    // The conditional update and delete fail on the version, so they answer 412 and change nothing.
    assertThat(Priming.prime(handler).requests()).containsExactly(200, 400, 412, 412);
    assertThat(TestTable.scanAll(config)).isEqualTo(before);
  }

  @Test
  void aNonHttpEvent_shouldGiveAGeneric500_andLogTheCause(HandlerConfig config) {
    HandlerClient client =
        new HandlerClient(new ApiHandler(config, DynamoDbClients.localCredentials(), List.of()));
    JsonObject notHttp = new JsonObject();
    notHttp.addProperty("Records", "s3");
    Response r = client.sendEvent(notHttp);
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.json().get("detail").getAsString()).startsWith("The request failed unexpectedly.");
    assertThat(r.body()).doesNotContain("rawPath").doesNotContain("Exception");
    assertThat(client.lastContext().logLines())
        .anyMatch(l -> l.contains("\"level\":\"ERROR\"") && l.contains("IllegalArgumentException"));
  }

  /** Events for {@link ApiHandler#handle}: served, refused, and not HTTP API events at all. */
  static Stream<JsonElement> parsedEvents() throws IOException {
    JsonObject badBase64 = sampleEvent("create-user-base64.json");
    badBase64.addProperty("body", "not base64!");
    JsonObject notHttp = new JsonObject();
    notHttp.addProperty("Records", "s3");
    return Stream.of(
        sampleEvent("get-user.json"),
        sampleEvent("list-users.json"),
        sampleEvent("wrong-method.json"),
        badBase64,
        notHttp,
        new JsonArray(),
        JsonNull.INSTANCE);
  }

  @ParameterizedTest
  @MethodSource("parsedEvents")
  void handle_shouldAnswerAParsedEvent_asHandleRequestAnswersItsBytes(
      JsonElement event, HandlerConfig config) throws IOException {
    ApiHandler handler = new ApiHandler(config, DynamoDbClients.localCredentials(), List.of());
    new HandlerClient(handler).sendEvent(sampleEvent("create-user.json"));
    TestContext parsed = new TestContext();
    TestContext bytes = new TestContext();

    JsonObject response = handler.handle(event, parsed.context());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)),
        out,
        bytes.context());

    // The 500 problem quotes the context's request id, which differs between the two contexts.
    String expected =
        out.toString(StandardCharsets.UTF_8)
            .replace(bytes.context().getAwsRequestId(), parsed.context().getAwsRequestId());
    assertThat(response).isEqualTo(JsonParser.parseString(expected));
    assertThat(withoutLatency(parsed.logLines()))
        .isEqualTo(
            withoutLatency(bytes.logLines()).stream()
                .map(
                    l ->
                        l.replace(
                            bytes.context().getAwsRequestId(), parsed.context().getAwsRequestId()))
                .toList());
  }

  @Test
  void handle_shouldGiveAGeneric500_forANullEvent(HandlerConfig config) {
    ApiHandler handler = new ApiHandler(config, DynamoDbClients.localCredentials(), List.of());
    TestContext context = new TestContext();

    JsonObject response = handler.handle(null, context.context());

    assertThat(response.get("statusCode").getAsInt()).isEqualTo(500);
    assertThat(JsonParser.parseString(response.get("body").getAsString()).getAsJsonObject())
        .satisfies(b -> assertThat(b.get("status").getAsInt()).isEqualTo(500));
    assertThat(context.logLines())
        .anyMatch(l -> l.contains("\"message\":\"request failed\""))
        .anyMatch(l -> l.contains("\"message\":\"request\"") && l.contains("\"status\":500"));
  }

  /** Log lines without their latency and stack traces (line numbers differ between callers). */
  private static List<String> withoutLatency(List<String> lines) {
    return lines.stream()
        .map(
            l -> {
              JsonObject line = JsonParser.parseString(l).getAsJsonObject();
              line.remove("latencyMs");
              line.remove("stackTrace");
              return line.toString();
            })
        .toList();
  }
}
