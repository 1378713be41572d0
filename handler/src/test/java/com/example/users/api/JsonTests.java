package com.example.users.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.users.user.Limits;
import com.example.users.user.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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
    String ok = "{\"a\":".repeat(Limits.MAX_DEPTH - 1) + "1" + "}".repeat(Limits.MAX_DEPTH - 1);
    assertThat(Json.parseObject("{\"x\":" + ok + "}")).isNotNull();
    String deep = "{\"a\":".repeat(Limits.MAX_DEPTH) + "1" + "}".repeat(Limits.MAX_DEPTH);
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
}
