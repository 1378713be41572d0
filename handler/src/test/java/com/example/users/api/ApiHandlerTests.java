package com.example.users.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.config.DynamoDbClients;
import com.example.users.config.HandlerConfig;
import com.example.users.testing.DynamoDbLocalExtension;
import com.example.users.testing.HandlerClient;
import com.example.users.testing.HandlerClient.Response;
import com.example.users.testing.LocalDynamoDb;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Lambda entry point: events as API Gateway sends them, priming, broken events. */
@ExtendWith(DynamoDbLocalExtension.class)
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
    assertThat(handler.prime()).containsExactly(404, 400, 404, 404);
    assertThat(LocalDynamoDb.scanAll(config)).isEmpty();
    handler.beforeCheckpoint(null);
    handler.afterRestore(null);
    assertThat(LocalDynamoDb.scanAll(config)).isEmpty();
  }

  @Test
  void prime_shouldLeaveAUserNamedLikeThePrimingUserUntouched(HandlerConfig config)
      throws IOException {
    ApiHandler handler = new ApiHandler(config, DynamoDbClients.localCredentials(), List.of());
    HandlerClient client = new HandlerClient(handler);
    JsonObject create = sampleEvent("create-user.json");
    create.addProperty("body", "{\"username\":\"snapstart-priming\",\"email\":\"p@example.com\"}");
    assertThat(client.sendEvent(create).status()).isEqualTo(201);
    var before = LocalDynamoDb.scanAll(config);

    // The conditional update and delete fail on the version, so they answer 412 and change nothing.
    assertThat(handler.prime()).containsExactly(200, 400, 412, 412);
    assertThat(LocalDynamoDb.scanAll(config)).isEqualTo(before);
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
}
