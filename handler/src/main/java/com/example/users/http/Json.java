package com.example.users.http;

import com.example.users.user.ClientText;
import com.example.users.user.User;
import com.example.users.user.UserException;
import com.example.users.user.UserRules;
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
import java.util.Map;

/**
 * Strict JSON for request bodies: RFC 8259 syntax only (no comments, NaN or single quotes),
 * duplicate keys refused, nesting bounded by {@link UserRules#MAX_DEPTH}, numbers kept as written.
 */
final class Json {

  /**
   * Serialises responses and logs: compact, nulls inside objects kept, nothing HTML-escaped; the
   * same text as Gson's documented {@link JsonElement#toString()} (a test holds it to that),
   * written straight into one {@link StringBuilder}. Gson's own writer goes through a synchronised
   * {@code StringWriter} a few characters at a time, and every response is serialised twice (the
   * body, then the Lambda response that carries it as a string), so that cost is a good part of the
   * handler's own time per request (measured by scripts/benchmark.sh). A {@code Gson} instance is
   * avoided too: its creation loads about 110 more classes (about 20 ms of every cold start).
   */
  static String toJson(JsonElement element) {
    StringBuilder out = new StringBuilder(256);
    write(out, element);
    return out.toString();
  }

  /** Appends {@code element} as {@link #toJson} writes it. */
  static void write(StringBuilder out, JsonElement element) {
    if (element.isJsonObject()) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonElement> e : element.getAsJsonObject().entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        writeString(out, e.getKey());
        out.append(':');
        write(out, e.getValue());
      }
      out.append('}');
    } else if (element.isJsonArray()) {
      out.append('[');
      boolean first = true;
      for (JsonElement item : element.getAsJsonArray()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        write(out, item);
      }
      out.append(']');
    } else if (element.isJsonNull()) {
      out.append("null");
    } else {
      JsonPrimitive p = element.getAsJsonPrimitive();
      if (p.isString()) {
        writeString(out, p.getAsString());
      } else if (p.isBoolean()) {
        out.append(p.getAsBoolean());
      } else {
        out.append(p.getAsNumber().toString());
      }
    }
  }

  /**
   * Appends a user's representation, the text {@code toJson(user.toJson())} would give, without
   * building the tree first: a page of users is most of a list's own time otherwise.
   */
  static void writeUser(StringBuilder out, User user) {
    out.append("{\"").append(User.USERNAME).append("\":");
    writeString(out, user.username());
    for (Map.Entry<String, JsonElement> e : user.attributes().entrySet()) {
      out.append(',');
      writeString(out, e.getKey());
      out.append(':');
      write(out, e.getValue());
    }
    out.append(",\"").append(User.CREATED_AT).append("\":");
    writeString(out, user.createdAt());
    out.append(",\"").append(User.UPDATED_AT).append("\":");
    writeString(out, user.updatedAt());
    out.append(",\"").append(User.VERSION).append("\":").append(user.version());
    out.append('}');
  }

  /**
   * Appends {@code text} as a JSON string, escaped as Gson escapes it: quote, backslash and control
   * characters, and U+2028 and U+2029 (line separators to JavaScript); nothing else. A null is
   * written as {@code null}, as Gson writes a property added as a null string.
   */
  static void writeString(StringBuilder out, String text) {
    if (text == null) {
      out.append("null");
      return;
    }
    out.append('"');
    int last = 0;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      String escaped;
      if (c < 0x20) {
        escaped = CONTROL_ESCAPES[c];
      } else if (c == '"') {
        escaped = "\\\"";
      } else if (c == '\\') {
        escaped = "\\\\";
      } else if (c == '\u2028') {
        escaped = "\\u2028";
      } else if (c == '\u2029') {
        escaped = "\\u2029";
      } else {
        continue;
      }
      out.append(text, last, i).append(escaped);
      last = i + 1;
    }
    out.append(text, last, length).append('"');
  }

  private static final String[] CONTROL_ESCAPES = controlEscapes();

  private static String[] controlEscapes() {
    String[] escapes = new String[0x20];
    for (int c = 0; c < escapes.length; c++) {
      escapes[c] = String.format(java.util.Locale.ROOT, "\\u%04x", c);
    }
    escapes['\t'] = "\\t";
    escapes['\b'] = "\\b";
    escapes['\n'] = "\\n";
    escapes['\r'] = "\\r";
    escapes['\f'] = "\\f";
    return escapes;
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
        UserRules.checkDepth(depth);
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
        UserRules.checkDepth(depth);
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
