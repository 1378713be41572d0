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
    JsonObject create = attributes(Limits.MAX_ATTRIBUTES);
    create.addProperty("username", "john");
    assertThat(UserAttributes.forCreate(create).attributes()).hasSize(Limits.MAX_ATTRIBUTES);
    create.addProperty("extra", 1);
    assertThatThrownBy(() -> UserAttributes.forCreate(create))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("has " + (Limits.MAX_ATTRIBUTES + 1) + " attributes");

    JsonObject update = attributes(Limits.MAX_ATTRIBUTES);
    assertThat(UserAttributes.forUpdate(update).set()).hasSize(Limits.MAX_ATTRIBUTES);
    update.addProperty("extra", 1);
    assertThatThrownBy(() -> UserAttributes.forUpdate(update))
        .hasMessageContaining("has " + (Limits.MAX_ATTRIBUTES + 1) + " attributes");
  }

  @Test
  void attributeNames_shouldAllowTheLengthLimit_andRefuseOneMore() {
    String longest = "a".repeat(Limits.MAX_ATTRIBUTE_NAME_LENGTH);
    JsonObject ok = new JsonObject();
    ok.addProperty(longest, 1);
    assertThat(UserAttributes.forUpdate(ok).set()).containsKey(longest);
    JsonObject tooLong = new JsonObject();
    tooLong.addProperty(longest + "a", 1);
    assertThatThrownBy(() -> UserAttributes.forUpdate(tooLong))
        .hasMessageContaining("Attribute name");
  }

  @Test
  void nestedKeys_shouldAllowTheLengthLimit_andRefuseOneMore_andEmpty() {
    String longest = "k".repeat(Limits.MAX_NESTED_KEY_LENGTH);
    JsonObject inner = new JsonObject();
    inner.addProperty(longest, 1);
    JsonObject ok = new JsonObject();
    ok.add("profile", inner);
    assertThat(UserAttributes.forUpdate(ok).set().get("profile").getAsJsonObject().has(longest))
        .isTrue();
    for (String bad : new String[] {longest + "k", ""}) {
      JsonObject badInner = new JsonObject();
      badInner.addProperty(bad, 1);
      JsonObject body = new JsonObject();
      body.add("profile", badInner);
      assertThatThrownBy(() -> UserAttributes.forUpdate(body)).hasMessageContaining("Keys inside");
    }
  }

  @Test
  void arrays_shouldBeNormalisedElementByElement_inOrder() {
    JsonObject body =
        com.google.gson.JsonParser.parseString("{\"n\":[1.50,1e3,-0,\"x\",[2.0]]}")
            .getAsJsonObject();
    assertThat(UserAttributes.forUpdate(body).set().get("n").toString())
        .isEqualTo("[1.5,1000,0,\"x\",[2]]");
    JsonObject badNumber =
        com.google.gson.JsonParser.parseString("{\"n\":[1,1e400]}").getAsJsonObject();
    assertThatThrownBy(() -> UserAttributes.forUpdate(badNumber)).hasMessageContaining("n[1]");
  }
}
