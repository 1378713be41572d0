package com.example.users.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.config.HandlerConfig;
import com.example.users.storage.DynamoDbClients;
import com.example.users.testing.DynaliteExtension;
import com.example.users.testing.HandlerClient;
import com.example.users.testing.HandlerClient.Response;
import com.example.users.user.UserRules;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Limits at their exact boundary, strictness that only the strict parser enforces, and the request
 * log line of requests refused before routing: places where a changed comparison or a dropped call
 * went unnoticed by the other tests (found by mutation testing).
 */
@ExtendWith(DynaliteExtension.class)
class EdgeBoundaryTests {

  private static final Map<String, String> JSON = Map.of("content-type", "application/json");
  private HandlerClient client;

  @BeforeEach
  void setUp(HandlerConfig config) {
    client =
        new HandlerClient(new ApiHandler(config, DynamoDbClients.localCredentials(), List.of()));
  }

  @Test
  void bodies_shouldBeAcceptedAtExactlyTheSizeLimit_andRefusedOneByteOver() {
    String head = "{\"username\":\"sized\",\"pad\":\"";
    String tail = "\"}";
    String exact =
        head + "x".repeat(UserRules.MAX_BODY_BYTES - head.length() - tail.length()) + tail;
    assertThat(exact.length()).isEqualTo(UserRules.MAX_BODY_BYTES);
    String over =
        head + "x".repeat(UserRules.MAX_BODY_BYTES - head.length() - tail.length() + 1) + tail;
    Response tooLarge = client.send("POST", "/users", over);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.json().get("status").getAsInt()).isEqualTo(413);
    assertThat(client.send("POST", "/users", exact).status()).isEqualTo(201);
  }

  @Test
  void limit_shouldAcceptOneAndTheMaximum_andRefuseZeroAndOneMore() {
    for (int i = 0; i < 3; i++) {
      client.send("POST", "/users", "{\"username\":\"u" + i + "\"}");
    }
    Response one = client.send("GET", "/users", "limit=1", null, Map.of());
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().getAsJsonArray("users")).hasSize(1);
    assertThat(
            client
                .send("GET", "/users", "limit=" + UserRules.MAX_PAGE_SIZE, null, Map.of())
                .status())
        .isEqualTo(200);
    for (String bad : List.of("0", Integer.toString(UserRules.MAX_PAGE_SIZE + 1))) {
      assertThat(client.send("GET", "/users", "limit=" + bad, null, Map.of()).status())
          .as("limit=%s", bad)
          .isEqualTo(400);
    }
  }

  @Test
  void json_shouldBeStrict_evenWhereGsonsDefaultIsNot() {
    // A raw tab inside a string and the \' escape: RFC 8259 forbids both; lenient readers allow.
    for (String body :
        List.of("{\"username\":\"tab\",\"a\":\"x\ty\"}", "{\"username\":\"q\",\"a\":\"it\\'s\"}")) {
      Response r = client.send("POST", "/users", body);
      assertThat(r.status()).as(body).isEqualTo(400);
    }
  }

  @Test
  void contentTypes_shouldBeJsonInUtf8_onlyWithACharsetThatIsUtf8() {
    String body = "{\"username\":\"ct\"}";
    assertThat(
            client
                .send(
                    "POST",
                    "/users",
                    "",
                    body,
                    Map.of("content-type", "application/json; charset=latin1"))
                .status())
        .isEqualTo(415);
    assertThat(
            client
                .send(
                    "POST", "/users", "", body, Map.of("content-type", "application/json; charset"))
                .status())
        .isEqualTo(415);
    assertThat(
            client
                .send(
                    "POST",
                    "/users",
                    "",
                    body,
                    Map.of("content-type", "application/json; charset=\"UTF-8\""))
                .status())
        .isEqualTo(201);
  }

  @Test
  void aBodyThatCannotBeRead_shouldStillLogOneRequestLine_withMethodRouteAndStatus() {
    JsonObject event = HandlerClient.event("POST", "/users", "", "%%%", true, JSON);
    Response r = client.sendEvent(event);
    assertThat(r.status()).isEqualTo(400);
    List<String> lines = client.lastContext().logLines();
    assertThat(lines).hasSize(1);
    JsonObject line = JsonParser.parseString(lines.get(0)).getAsJsonObject();
    assertThat(line.get("status").getAsInt()).isEqualTo(400);
    assertThat(line.get("method").getAsString()).isEqualTo("POST");
    assertThat(line.get("route").getAsString()).isEqualTo("POST /users");
    assertThat(line.get("dynamodbCalls").getAsInt()).isZero();
  }

  @Test
  void requestLines_shouldCarryAPlausibleLatency() {
    client.send("GET", "/users/nobody");
    JsonObject line =
        JsonParser.parseString(client.lastContext().logLines().get(0)).getAsJsonObject();
    double latency = line.get("latencyMs").getAsDouble();
    assertThat(latency).isGreaterThan(0).isLessThan(60_000);
    assertThat(Math.round(latency * 100) / 100.0).as("two decimals").isEqualTo(latency);
  }

  @Test
  void responses_shouldNeverBeFlaggedBase64() throws Exception {
    ApiHandler handler =
        new ApiHandler(
            HandlerConfig.of("t", "us-east-1", Optional.empty()),
            DynamoDbClients.localCredentials(),
            List.of());
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    handler.handleRequest(
        new java.io.ByteArrayInputStream(
            HandlerClient.event("GET", "/nowhere", "", null, false, Map.of())
                .toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        out,
        new com.example.users.testing.TestContext().context());
    JsonObject response =
        com.google.gson.JsonParser.parseString(
                out.toString(java.nio.charset.StandardCharsets.UTF_8))
            .getAsJsonObject();
    assertThat(response.get("statusCode").getAsInt()).isEqualTo(404);
    assertThat(response.get("isBase64Encoded").getAsBoolean()).isFalse();
  }
}
