package com.example.users.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.users.user.User;
import com.example.users.user.UserException;
import com.example.users.user.UserRules;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Strict JSON for request bodies, and the JSON the handler writes. */
class JsonTests {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"a\":1,\"a\":2}|twice",
        "[]|not an array",
        "\"x\"|not a string",
        "1|not a number",
        "null|not null",
        "true|not a boolean",
        "{\"a\":1} x|not valid JSON",
        "{\"a\":1}{}|not valid JSON",
        "{\"a\":NaN}|not valid JSON",
        "{'a':1}|not valid JSON",
        "{a:1}|not valid JSON",
        "{\"a\":1,}|not valid JSON",
        "{\"a\":01}|not valid JSON",
        "{\"a\":1 /* c */}|not valid JSON",
        "{\"a\":|ends too early",
        "{\"a\":\"\\x\"}|not valid JSON",
      })
  void parseObject_shouldRefuse_withAClearMessage(String body, String message) {
    assertThatThrownBy(() -> Json.parseObject(body))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(
            message.startsWith("not ") && !message.contains("JSON")
                ? "must be a JSON object, " + message
                : message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\n\t"})
  void parseObject_shouldRefuseEmptyBodies(String body) {
    assertThatThrownBy(() -> Json.parseObject(body)).hasMessageContaining("empty");
  }

  @Test
  void parseObject_shouldBoundNesting() {
    String ok =
        "{\"a\":".repeat(UserRules.MAX_DEPTH - 1) + "1" + "}".repeat(UserRules.MAX_DEPTH - 1);
    assertThat(Json.parseObject("{\"x\":" + ok + "}")).isNotNull();
    String deep = "{\"a\":".repeat(UserRules.MAX_DEPTH) + "1" + "}".repeat(UserRules.MAX_DEPTH);
    assertThatThrownBy(() -> Json.parseObject("{\"x\":" + deep + "}"))
        .hasMessageContaining("16 levels");
    String arrays = "[".repeat(10_000) + "]".repeat(10_000);
    assertThatThrownBy(() -> Json.parseObject("{\"x\":" + arrays + "}"))
        .hasMessageContaining("16 levels");
  }

  @Test
  void parseObject_shouldKeepNumbersAsWritten() {
    var o = Json.parseObject("{\"n\":123456789012345678901234567890.50,\"m\":-1e-5}");
    assertThat(o.get("n").getAsJsonPrimitive().getAsString())
        .isEqualTo("123456789012345678901234567890.50");
    assertThat(o.get("m").getAsJsonPrimitive().getAsString()).isEqualTo("-1e-5");
  }

  @Test
  void toJson_shouldBeCompactKeepNullsAndNotEscapeHtml() {
    String body = "{\"a\":null,\"b\":[1,null,\"<x>&='\"],\"c\":{\"d\":1.50}}";
    assertThat(Json.toJson(Json.parseObject(body))).isEqualTo(body);
  }

  // Writing: the handler writes its JSON (responses, the Lambda response around them, log lines)
  // without Gson's writer; these hold that text to what Gson writes for the same tree.

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

  static JsonObject tricky() {
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
}
