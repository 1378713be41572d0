package com.example.users.storage;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.internal.LazilyParsedNumber;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * JSON values to DynamoDB attribute values and back. Strings are {@code S}, numbers {@code N} (kept
 * as text, so no precision is lost in Java), booleans {@code BOOL}, null {@code NULL}, objects
 * {@code M} and arrays {@code L}. Sets and binaries, which this API never writes, read back as
 * arrays and base64 strings.
 */
final class AttributeValues {

  private AttributeValues() {}

  static AttributeValue toAttribute(JsonElement json) {
    if (json.isJsonNull()) {
      return AttributeValue.fromNul(true);
    }
    if (json.isJsonObject()) {
      Map<String, AttributeValue> map = new LinkedHashMap<>();
      json.getAsJsonObject()
          .entrySet()
          .forEach(e -> map.put(e.getKey(), toAttribute(e.getValue())));
      return AttributeValue.fromM(map);
    }
    if (json.isJsonArray()) {
      var list = new java.util.ArrayList<AttributeValue>();
      json.getAsJsonArray().forEach(e -> list.add(toAttribute(e)));
      return AttributeValue.fromL(list);
    }
    JsonPrimitive p = json.getAsJsonPrimitive();
    if (p.isBoolean()) {
      return AttributeValue.fromBool(p.getAsBoolean());
    }
    if (p.isNumber()) {
      return AttributeValue.fromN(p.getAsString());
    }
    return AttributeValue.fromS(p.getAsString());
  }

  static JsonElement toJson(AttributeValue value) {
    return switch (value.type()) {
      case S -> new JsonPrimitive(value.s());
      case N -> new JsonPrimitive(new LazilyParsedNumber(value.n()));
      case BOOL -> new JsonPrimitive(value.bool());
      case NUL -> JsonNull.INSTANCE;
      case M -> {
        JsonObject object = new JsonObject();
        value.m().forEach((k, v) -> object.add(k, toJson(v)));
        yield object;
      }
      case L -> {
        JsonArray array = new JsonArray();
        value.l().forEach(v -> array.add(toJson(v)));
        yield array;
      }
      case SS -> strings(value.ss());
      case NS -> {
        JsonArray array = new JsonArray();
        value.ns().forEach(n -> array.add(new JsonPrimitive(new LazilyParsedNumber(n))));
        yield array;
      }
      case B -> new JsonPrimitive(base64(value.b()));
      case BS -> {
        JsonArray array = new JsonArray();
        value.bs().forEach(b -> array.add(base64(b)));
        yield array;
      }
      case UNKNOWN_TO_SDK_VERSION ->
          throw new IllegalStateException("Stored attribute of a type this SDK does not know");
    };
  }

  private static JsonArray strings(java.util.List<String> values) {
    JsonArray array = new JsonArray();
    values.forEach(array::add);
    return array;
  }

  private static String base64(SdkBytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
  }
}
