package com.example.users.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.http.RouteTable;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayEventsTests {

  private static JsonObject event(
      String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
    GatewayEvents.Request request =
        new GatewayEvents.Request(
            method,
            path,
            query,
            headers,
            body,
            "127.0.0.1",
            "req-1",
            Instant.ofEpochMilli(1_700_000_000_000L));
    return GatewayEvents.event(request, RouteTable.match(method, path).orElseThrow());
  }

  @Test
  void event_shouldCarryRawPathQueryRouteAndPathParameters_asApiGatewayDoes() {
    JsonObject e = event("GET", "/users/jo%2Ehn", "limit=5&x=a%20b&x=c", Map.of(), new byte[0]);
    assertThat(e.get("version").getAsString()).isEqualTo("2.0");
    assertThat(e.get("routeKey").getAsString()).isEqualTo("GET /users/{username}");
    assertThat(e.get("rawPath").getAsString()).isEqualTo("/users/jo%2Ehn");
    assertThat(e.get("rawQueryString").getAsString()).isEqualTo("limit=5&x=a%20b&x=c");
    assertThat(e.getAsJsonObject("queryStringParameters").get("x").getAsString())
        .isEqualTo("a b,c");
    assertThat(e.getAsJsonObject("pathParameters").get("username").getAsString())
        .isEqualTo("jo%2Ehn");
    JsonObject context = e.getAsJsonObject("requestContext");
    assertThat(context.get("requestId").getAsString()).isEqualTo("req-1");
    assertThat(context.get("stage").getAsString()).isEqualTo("$default");
    assertThat(context.get("timeEpoch").getAsLong()).isEqualTo(1_700_000_000_000L);
    assertThat(context.getAsJsonObject("http").get("method").getAsString()).isEqualTo("GET");
    assertThat(context.getAsJsonObject("http").get("sourceIp").getAsString())
        .isEqualTo("127.0.0.1");
    assertThat(e.get("isBase64Encoded").getAsBoolean()).isFalse();
    assertThat(e.has("body")).isFalse();
  }

  @Test
  void event_shouldLowerCaseHeaders_joinRepeats_andMoveCookies() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("X-Custom", List.of("a", "b"));
    headers.put("Cookie", List.of("s=1; t=2"));
    JsonObject e = event("GET", "/users", "", headers, new byte[0]);
    assertThat(e.getAsJsonObject("headers").get("x-custom").getAsString()).isEqualTo("a,b");
    assertThat(e.getAsJsonObject("headers").has("cookie")).isFalse();
    assertThat(e.getAsJsonArray("cookies").toString()).isEqualTo("[\"s=1\",\"t=2\"]");
    assertThat(e.has("pathParameters")).isFalse();
  }

  @Test
  void event_shouldSendJsonAsText_andBinaryAsBase64() {
    byte[] json = "{\"username\":\"é\"}".getBytes(StandardCharsets.UTF_8);
    JsonObject text =
        event("POST", "/users", "", Map.of("Content-Type", List.of("application/json")), json);
    assertThat(text.get("isBase64Encoded").getAsBoolean()).isFalse();
    assertThat(text.get("body").getAsString()).isEqualTo("{\"username\":\"é\"}");

    byte[] binary = {(byte) 0xff, 0, 1};
    JsonObject b =
        event(
            "POST",
            "/users",
            "",
            Map.of("Content-Type", List.of("application/octet-stream")),
            binary);
    assertThat(b.get("isBase64Encoded").getAsBoolean()).isTrue();
    assertThat(Base64.getDecoder().decode(b.get("body").getAsString())).isEqualTo(binary);

    JsonObject invalidUtf8 =
        event("POST", "/users", "", Map.of("Content-Type", List.of("application/json")), binary);
    assertThat(invalidUtf8.get("isBase64Encoded").getAsBoolean()).isTrue();
  }

  @Test
  void event_shouldNameTheAnyRoute_whenTheMethodIsNotOneOfThePaths() {
    JsonObject e = event("PATCH", "/users/x", "", Map.of(), new byte[0]);
    assertThat(e.get("routeKey").getAsString()).isEqualTo("ANY /users/{username}");
  }

  @Test
  void isText_shouldFollowApiGatewaysTextTypes() {
    assertThat(GatewayEvents.isText(null)).isTrue();
    assertThat(GatewayEvents.isText("text/plain; charset=utf-8")).isTrue();
    assertThat(GatewayEvents.isText("application/merge-patch+json")).isTrue();
    assertThat(GatewayEvents.isText("image/png")).isFalse();
  }
}
