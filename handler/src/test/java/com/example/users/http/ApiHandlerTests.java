package com.example.users.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.config.HandlerConfig;
import com.example.users.storage.DynamoDbClients;
import com.example.users.testing.DynaliteExtension;
import com.example.users.testing.HandlerClient;
import com.example.users.testing.HandlerClient.Response;
import com.example.users.testing.TestContext;
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
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The request path's entry point: events as API Gateway sends them, and broken events. */
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

  /**
   * Events of every kind, each with the status it gets: served, refused, and not HTTP API events at
   * all (a wiring error, answered with the generic 500).
   */
  static Stream<Arguments> eventsOfEveryKind() throws IOException {
    JsonObject badBase64 = sampleEvent("create-user-base64.json");
    badBase64.addProperty("body", "not base64!");
    JsonObject notHttp = new JsonObject();
    notHttp.addProperty("Records", "s3");
    return Stream.of(
        Arguments.of(sampleEvent("get-user.json"), 200),
        Arguments.of(sampleEvent("list-users.json"), 200),
        Arguments.of(sampleEvent("wrong-method.json"), 405),
        Arguments.of(badBase64, 400),
        Arguments.of(notHttp, 500),
        Arguments.of(new JsonArray(), 500),
        Arguments.of(JsonNull.INSTANCE, 500));
  }

  @ParameterizedTest
  @MethodSource("eventsOfEveryKind")
  void handleRequest_shouldAnswerEveryKindOfEvent_withOneRequestLogLine(
      JsonElement event, int status, HandlerConfig config) throws IOException {
    ApiHandler handler = new ApiHandler(config, DynamoDbClients.localCredentials(), List.of());
    new HandlerClient(handler).sendEvent(sampleEvent("create-user.json"));
    TestContext context = new TestContext();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)),
        out,
        context.context());

    JsonObject response =
        JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
    assertThat(response.get("statusCode").getAsInt()).isEqualTo(status);
    assertThat(response.get("isBase64Encoded").getAsBoolean()).isFalse();
    assertThat(context.logLines())
        .filteredOn(l -> l.contains("\"message\":\"request\""))
        .singleElement()
        .satisfies(l -> assertThat(l).contains("\"status\":" + status));
  }

  @Test
  void handleRequest_shouldGiveAGeneric500_forANullEvent(HandlerConfig config) throws IOException {
    ApiHandler handler = new ApiHandler(config, DynamoDbClients.localCredentials(), List.of());
    TestContext context = new TestContext();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream("null".getBytes(StandardCharsets.UTF_8)), out, context.context());
    JsonObject response =
        JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();

    assertThat(response.get("statusCode").getAsInt()).isEqualTo(500);
    assertThat(JsonParser.parseString(response.get("body").getAsString()).getAsJsonObject())
        .satisfies(b -> assertThat(b.get("status").getAsInt()).isEqualTo(500));
    assertThat(context.logLines())
        .anyMatch(l -> l.contains("\"message\":\"request failed\""))
        .anyMatch(l -> l.contains("\"message\":\"request\"") && l.contains("\"status\":500"));
  }
}
