package com.example.users.api;

import com.example.users.user.ClientText;
import com.example.users.user.Limits;
import com.example.users.user.UserException;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.internal.LazilyParsedNumber;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.IOException;
import java.io.StringReader;

/**
 * Strict JSON for request bodies: RFC 8259 syntax only (no comments, NaN or single quotes),
 * duplicate keys refused, nesting bounded by {@link Limits#MAX_DEPTH}, numbers kept as written.
 */
final class Json {

  /**
   * Serialises responses and logs: compact, nulls inside objects kept, nothing HTML-escaped. This
   * is Gson's documented {@link JsonElement#toString()}; it writes the tree directly, without a
   * {@code Gson} instance, whose creation loads about 110 more classes (about 20 ms of every cold
   * start, measured by scripts/benchmark.sh).
   */
  static String toJson(JsonElement element) {
    return element.toString();
  }

  private Json() {}

  /**
   * Parses a request body that must be a JSON object.
   *
   * @throws UserException INVALID saying what is wrong with the body
   */
  static JsonObject parseObject(String body) {
    if (body.isBlank()) {
      throw UserException.invalid("The request body is empty; send a JSON object.");
    }
    JsonElement element;
    try (JsonReader reader = new JsonReader(new StringReader(body))) {
      reader.setStrictness(Strictness.STRICT);
      element = read(reader, 1);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw UserException.invalid("The request body has data after the JSON value.");
      }
    } catch (MalformedJsonException | IllegalStateException | NumberFormatException e) {
      throw UserException.invalid("The request body is not valid JSON: " + describe(e));
    } catch (java.io.EOFException e) {
      throw UserException.invalid("The request body is not valid JSON: it ends too early.");
    } catch (IOException e) {
      throw UserException.invalid("The request body is not valid JSON.");
    }
    if (!element.isJsonObject()) {
      throw UserException.invalid(
          "The request body must be a JSON object, not " + kind(element) + ".");
    }
    return element.getAsJsonObject();
  }

  private static JsonElement read(JsonReader reader, int depth) throws IOException {
    JsonToken token = reader.peek();
    switch (token) {
      case BEGIN_OBJECT -> {
        checkDepth(depth);
        JsonObject object = new JsonObject();
        reader.beginObject();
        while (reader.hasNext()) {
          String name = reader.nextName();
          if (object.has(name)) {
            throw UserException.invalid(
                "The request body has the key \"" + ClientText.excerpt(name, 64) + "\" twice.");
          }
          object.add(name, read(reader, depth + 1));
        }
        reader.endObject();
        return object;
      }
      case BEGIN_ARRAY -> {
        checkDepth(depth);
        JsonArray array = new JsonArray();
        reader.beginArray();
        while (reader.hasNext()) {
          array.add(read(reader, depth + 1));
        }
        reader.endArray();
        return array;
      }
      case STRING -> {
        return new JsonPrimitive(reader.nextString());
      }
      case NUMBER -> {
        return new JsonPrimitive(new LazilyParsedNumber(reader.nextString()));
      }
      case BOOLEAN -> {
        return new JsonPrimitive(reader.nextBoolean());
      }
      case NULL -> {
        reader.nextNull();
        return JsonNull.INSTANCE;
      }
      default -> throw new MalformedJsonException("unexpected " + token);
    }
  }

  private static void checkDepth(int depth) {
    if (depth > Limits.MAX_DEPTH) {
      throw UserException.invalid(
          "The request body nests objects and arrays deeper than the limit of "
              + Limits.MAX_DEPTH
              + " levels.");
    }
  }

  private static String kind(JsonElement e) {
    if (e.isJsonArray()) {
      return "an array";
    }
    if (e.isJsonNull()) {
      return "null";
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    return p.isString() ? "a string" : p.isNumber() ? "a number" : "a boolean";
  }

  /** Gson's messages name the position but may quote input; keep only the position. */
  private static String describe(Exception e) {
    String message = String.valueOf(e.getMessage());
    int at = message.indexOf(" at line ");
    if (at >= 0) {
      int end = message.indexOf(" path ", at);
      return "syntax error" + message.substring(at, end > 0 ? end : message.length()) + ".";
    }
    return "syntax error.";
  }
}
