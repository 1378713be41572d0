package com.example.users.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

/** Each documented limit is allowed exactly up to its value and refused one past it. */
class LimitBoundaryTests {

  private static JsonObject attributes(int count) {
    JsonObject body = new JsonObject();
    for (int i = 0; i < count; i++) {
      body.addProperty("a" + i, i);
    }
    return body;
  }

  @Test
  void attributeCount_shouldAllowTheLimit_andRefuseOneMore_onCreateAndUpdate() {
    JsonObject create = attributes(UserRules.MAX_ATTRIBUTES);
    create.addProperty("username", "john");
    assertThat(UserRules.forCreate(create).attributes()).hasSize(UserRules.MAX_ATTRIBUTES);
    create.addProperty("extra", 1);
    assertThatThrownBy(() -> UserRules.forCreate(create))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("has " + (UserRules.MAX_ATTRIBUTES + 1) + " attributes");

    JsonObject update = attributes(UserRules.MAX_ATTRIBUTES);
    assertThat(UserRules.forUpdate(update).set()).hasSize(UserRules.MAX_ATTRIBUTES);
    update.addProperty("extra", 1);
    assertThatThrownBy(() -> UserRules.forUpdate(update))
        .hasMessageContaining("has " + (UserRules.MAX_ATTRIBUTES + 1) + " attributes");
  }

  @Test
  void attributeNames_shouldAllowTheLengthLimit_andRefuseOneMore() {
    String longest = "a".repeat(UserRules.MAX_ATTRIBUTE_NAME_LENGTH);
    JsonObject ok = new JsonObject();
    ok.addProperty(longest, 1);
    assertThat(UserRules.forUpdate(ok).set()).containsKey(longest);
    JsonObject tooLong = new JsonObject();
    tooLong.addProperty(longest + "a", 1);
    assertThatThrownBy(() -> UserRules.forUpdate(tooLong)).hasMessageContaining("Attribute name");
  }

  @Test
  void nestedKeys_shouldAllowTheLengthLimit_andRefuseOneMore_andEmpty() {
    String longest = "k".repeat(UserRules.MAX_NESTED_KEY_LENGTH);
    JsonObject inner = new JsonObject();
    inner.addProperty(longest, 1);
    JsonObject ok = new JsonObject();
    ok.add("profile", inner);
    assertThat(UserRules.forUpdate(ok).set().get("profile").getAsJsonObject().has(longest))
        .isTrue();
    for (String bad : new String[] {longest + "k", ""}) {
      JsonObject badInner = new JsonObject();
      badInner.addProperty(bad, 1);
      JsonObject body = new JsonObject();
      body.add("profile", badInner);
      assertThatThrownBy(() -> UserRules.forUpdate(body)).hasMessageContaining("Keys inside");
    }
  }

  @Test
  void arrays_shouldBeNormalisedElementByElement_inOrder() {
    JsonObject body =
        com.google.gson.JsonParser.parseString("{\"n\":[1.50,1e3,-0,\"x\",[2.0]]}")
            .getAsJsonObject();
    assertThat(UserRules.forUpdate(body).set().get("n").toString())
        .isEqualTo("[1.5,1000,0,\"x\",[2]]");
    JsonObject badNumber =
        com.google.gson.JsonParser.parseString("{\"n\":[1,1e400]}").getAsJsonObject();
    assertThatThrownBy(() -> UserRules.forUpdate(badNumber)).hasMessageContaining("n[1]");
  }
}
