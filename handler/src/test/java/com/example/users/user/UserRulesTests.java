package com.example.users.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserRulesTests {

  private static JsonObject json(String s) {
    return JsonParser.parseString(s).getAsJsonObject();
  }

  @Test
  void forCreate_shouldNeedAStringUsername() {
    assertThatThrownBy(() -> UserRules.forCreate(json("{}")))
        .hasMessageContaining("must contain \"username\"");
    assertThatThrownBy(() -> UserRules.forCreate(json("{\"username\":null}")))
        .hasMessageContaining("must contain");
    assertThatThrownBy(() -> UserRules.forCreate(json("{\"username\":1}")))
        .hasMessageContaining("must be a JSON string");
    assertThatThrownBy(() -> UserRules.forCreate(json("{\"username\":[\"a\"]}")))
        .hasMessageContaining("must be a JSON string");
  }

  @Test
  void forCreate_shouldDropTopLevelNulls_andKeepNestedOnes() {
    var user = UserRules.forCreate(json("{\"username\":\"a\",\"x\":null,\"y\":{\"z\":null}}"));
    assertThat(user.attributes()).containsOnlyKeys("y");
    assertThat(user.attributes().get("y").getAsJsonObject().get("z").isJsonNull()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"1a\":1}|is not allowed",
        "{\"a b\":1}|is not allowed",
        "{\"a.b\":1}|is not allowed",
        "{\"\":1}|is not allowed",
        "{\"createdAt\":1}|maintained by the server",
        "{\"updatedAt\":1}|maintained by the server",
        "{\"version\":1}|maintained by the server",
        "{\"username\":\"x\"}|cannot be changed",
        "{}|no attributes to change",
        "{\"a\":{\"\":1}}|must be 1-255 characters",
        "{\"a\":{\"b\\u0000\":1}}|control characters",
        "{\"a\":\"\\ud800\"}|unpaired UTF-16 surrogate",
        "{\"a\":\"\\udc00x\"}|unpaired UTF-16 surrogate",
        "{\"a\":[{\"k\\ud800\":1}]}|unpaired UTF-16 surrogate",
        "{\"a\":1e999999999999}|not a number DynamoDB can store",
        "{\"a\":[1,2,123456789012345678901234567890123456789]}|39 significant digits",
      })
  void forUpdate_shouldRefuse(String body, String message) {
    assertThatThrownBy(() -> UserRules.forUpdate(json(body)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(message);
  }

  @Test
  void forUpdate_shouldRefuseLongNamesAndTooManyAttributes() {
    assertThatThrownBy(() -> UserRules.forUpdate(json("{\"" + "a".repeat(65) + "\":1}")))
        .hasMessageContaining("65 characters long; the limit is 64");
    // A long name is quoted by its first 16 characters: escaped, and never half a surrogate pair.
    assertThatThrownBy(
            () ->
                UserRules.forUpdate(
                    json(
                        "{\"\\u001b[2J\\n" + "\ud83d\ude00".repeat(14) + "b".repeat(60) + "\":1}")))
        .hasMessageStartingWith(
            "Attribute name '\\u001b[2J\\u000a" + "\ud83d\ude00".repeat(11) + "...' is ");
    StringBuilder many = new StringBuilder("{");
    for (int i = 0; i <= UserRules.MAX_ATTRIBUTES; i++) {
      many.append(i == 0 ? "" : ",").append("\"a").append(i).append("\":1");
    }
    assertThatThrownBy(() -> UserRules.forUpdate(json(many.append("}").toString())))
        .hasMessageContaining("101 attributes; the limit is 100");
  }

  @Test
  void forUpdate_shouldSplitSetsAndRemovals() {
    var changes = UserRules.forUpdate(json("{\"a\":1,\"b\":null,\"c-d_e\":\"x\"}"));
    assertThat(changes.set()).containsOnlyKeys("a", "c-d_e");
    assertThat(changes.remove()).containsExactly("b");
  }

  @ParameterizedTest
  @CsvSource({
    "1.50, 1.5",
    "1e3, 1000",
    "-0, 0",
    "0.000, 0",
    "-1E-5, -0.00001",
    "12345678901234567890123456789012345678, 12345678901234567890123456789012345678",
    "1.2345678901234567890123456789012345678e10, 12345678901.234567890123456789012345678",
  })
  void canonicalNumber_shouldNormaliseAsDynamoDbDoes(String in, String out) {
    assertThat(UserRules.canonicalNumber("n", in)).isEqualTo(out);
  }

  @ParameterizedTest
  @CsvSource({"1e126", "-1e126", "9.99e-131", "123456789012345678901234567890123456789"})
  void canonicalNumber_shouldRefuseWhatDynamoDbCannotStore(String in) {
    assertThatThrownBy(() -> UserRules.canonicalNumber("n", in)).isInstanceOf(UserException.class);
  }

  @Test
  void username_shouldFollowTheDocumentedRule() {
    assertThat(UserRules.username("john.doe-1_x")).isEqualTo("john.doe-1_x");
    assertThatThrownBy(() -> UserRules.username("")).hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> UserRules.username("a".repeat(65)))
        .hasMessageContaining("65 characters");
    for (String bad : new String[] {"John", "-a", ".a", "a b", "a/b", "jоhn", "a\u0000", "ﬁ"}) {
      assertThatThrownBy(() -> UserRules.username(bad))
          .as(bad)
          .hasMessageContaining("lower-case ASCII");
    }
  }

  @Test
  void user_shouldRenderServerFieldsAndAStrongEtag() {
    var user =
        new User(
            "a",
            java.util.Map.of("b", new com.google.gson.JsonPrimitive(1)),
            "1970-01-01T00:00:00Z",
            "1970-01-01T00:00:00Z",
            3);
    assertThat(user.etag()).isEqualTo("\"3\"");
    assertThat(user.toJson().toString())
        .isEqualTo(
            "{\"username\":\"a\",\"b\":1,\"createdAt\":\"1970-01-01T00:00:00Z\",\"updatedAt\":\"1970-01-01T00:00:00Z\",\"version\":3}");
  }

  @Test
  void attributeRules_shouldCheckTheirAttributesValue_inItsStoredForm() {
    UserRules.AttributeRule e164 =
        (name, value) -> {
          if (!value.isJsonPrimitive() || !value.getAsString().matches("\\+[1-9][0-9]{1,14}")) {
            throw UserException.invalid(
                name + " must be a phone number in E.164, like +14155550100.");
          }
        };
    var rules = java.util.Map.of("phone", e164);
    assertThat(UserRules.checkedValue("phone", json("{\"p\":\"+14155550100\"}").get("p"), rules))
        .hasToString("\"+14155550100\"");
    assertThatThrownBy(
            () -> UserRules.checkedValue("phone", json("{\"p\":\"0415\"}").get("p"), rules))
        .isInstanceOf(UserException.class)
        .hasMessage("phone must be a phone number in E.164, like +14155550100.");
    assertThat(UserRules.checkedValue("other", json("{\"p\":1.50}").get("p"), rules))
        .as("other attributes follow the common rules only")
        .hasToString("1.5");
  }
}
