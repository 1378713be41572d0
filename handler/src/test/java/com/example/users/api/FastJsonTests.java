package com.example.users.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.user.User;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.internal.LazilyParsedNumber;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The handler writes its JSON (responses, the Lambda response around them, log lines) without
 * Gson's writer; these hold that text to what Gson writes for the same tree.
 */
class FastJsonTests {

  /** Strings that need every kind of escape, and some that need none. */
  private static final List<String> STRINGS =
      List.of(
          "",
          "plain",
          "quote \" and backslash \\",
          "\t\b\n\r\f",
          "\u0000\u0001\u001f\u007f",
          "<html>&'='</html>",
          "line\u2028separator\u2029",
          "é ü 中文 😀",
          "\ud83d lone high, lone low \ude00",
          "/slash/ and \\u0041 as text",
          "{\"a\":[1,2]}");

  private static JsonObject tricky() {
    JsonObject o = new JsonObject();
    STRINGS.forEach(s -> o.addProperty("k" + s, s));
    o.add("null", JsonNull.INSTANCE);
    o.addProperty("int", 42);
    o.addProperty("long", Long.MIN_VALUE);
    o.addProperty("double", 1.5e300);
    o.addProperty("nan", Double.NaN);
    o.add("lazy", new JsonPrimitive(new LazilyParsedNumber("1.50e-7")));
    o.addProperty("big", new BigDecimal("123456789012345678901234567890.5"));
    o.addProperty("t", true);
    o.addProperty("f", false);
    o.addProperty("char", 'c');
    JsonArray a = new JsonArray();
    a.add(JsonNull.INSTANCE);
    a.add(new JsonArray());
    a.add(new JsonObject());
    a.add("x\"y");
    a.add(o.deepCopy());
    o.add("array", a);
    return o;
  }

  @Test
  void toJson_shouldWriteWhatGsonWrites() {
    JsonObject o = tricky();
    assertThat(Json.toJson(o)).isEqualTo(o.toString());
    for (String s : STRINGS) {
      assertThat(Json.toJson(new JsonPrimitive(s))).isEqualTo(new JsonPrimitive(s).toString());
    }
    for (char c = 0; c < 0x3000; c++) {
      String s = "a" + c + "b";
      assertThat(Json.toJson(new JsonPrimitive(s))).isEqualTo(new JsonPrimitive(s).toString());
    }
    assertThat(Json.toJson(JsonNull.INSTANCE)).isEqualTo("null");
    assertThat(Json.toJson(new JsonArray())).isEqualTo("[]");
  }

  @Test
  void writeUser_shouldWriteWhatTheUsersTreeSerialisesTo() {
    Map<String, JsonElement> attributes = new LinkedHashMap<>();
    tricky().entrySet().forEach(e -> attributes.put(e.getKey(), e.getValue()));
    for (User user :
        List.of(
            new User("john", attributes, "2026-01-01T00:00:00Z", "2026-01-02T00:00:00.123Z", 7),
            new User("legacy", Map.of(), null, null, 0))) {
      StringBuilder out = new StringBuilder();
      Json.writeUser(out, user);
      assertThat(out.toString()).isEqualTo(user.toJson().toString());
    }
  }

  @Test
  void toEventJson_shouldWriteWhatTheResponseTreeSerialisesTo() {
    for (HttpResponse r :
        List.of(
            HttpResponse.json(200, tricky()).withHeader("etag", "\"3\""),
            HttpResponse.json(201, "{\"a\":\"\\u2028\"}").withHeader("location", "/users/a"),
            HttpResponse.empty(204),
            new Problem(400, "invalid-request", "Invalid request", "bad \"x\"\n")
                .toResponse("req-1"),
            new Problem(
                    503,
                    "storage-unavailable",
                    "Service Unavailable",
                    "retry",
                    Map.of("retry-after", "1"))
                .toResponse(null))) {
      assertThat(r.toEventJson()).isEqualTo(r.toEvent().toString());
    }
  }

  @Test
  void appendHundredths_shouldWriteTheRoundedNumber() {
    for (long k = -1_000; k <= 2_000_000; k++) {
      StringBuilder out = new StringBuilder();
      RequestLog.appendHundredths(out, k);
      String text = out.toString();
      assertThat(text).matches("-?(0|[1-9][0-9]*)\\.[0-9]{1,2}");
      assertThat(new BigDecimal(text)).isEqualByComparingTo(BigDecimal.valueOf(k, 2));
      assertThat(Double.parseDouble(text)).isEqualTo(k / 100.0);
      if (k % 997 == 0) {
        // Double.toString agrees wherever it writes the shortest form (JDK 17 does not always).
        assertThat(text).isEqualTo(Double.toString(k / 100.0));
      }
    }
  }

  @Test
  void requestLine_shouldBeTheJsonObjectOfItsFields() {
    StringBuilder seen = new StringBuilder();
    InvocationContext context = new InvocationContext("r", seen::append);
    RequestLog.request(context.getLogger(), "id \"1\"", "GET", "GET /users", 200, 3.456, 1);
    JsonObject expected = new JsonObject();
    expected.addProperty("level", "INFO");
    expected.addProperty("message", "request");
    expected.addProperty("requestId", "id \"1\"");
    expected.addProperty("method", "GET");
    expected.addProperty("route", "GET /users");
    expected.addProperty("status", 200);
    expected.addProperty("latencyMs", 3.46);
    expected.addProperty("dynamodbCalls", 1);
    assertThat(seen.toString()).isEqualTo(expected + "\n");
  }
}
