package com.example.users.api;

import com.google.gson.JsonIOException;
import com.google.gson.JsonSyntaxException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the fields of an API Gateway HTTP API payload 2.0 event straight from the text Lambda hands
 * the handler, without building the event's JSON tree: the same fields, by the same rules, as
 * {@link HttpRequest#fields} takes from the tree {@code JsonParser.parseReader} would build (a test
 * holds the two to each other). The text is parsed as that parser does (leniently, every value
 * checked, nothing after the top-level value); a key given twice counts with its last value.
 * Building the tree was about a sixth of the handler's own time per request.
 */
final class EventReader {

  private EventReader() {}

  /**
   * Reads an event.
   *
   * @throws JsonSyntaxException if the text is not JSON
   * @throws JsonIOException if the text cannot be read
   * @throws IllegalStateException if it is JSON but not an object
   */
  static HttpRequest.Event read(Reader text) {
    JsonReader in = new JsonReader(text);
    in.setStrictness(Strictness.LENIENT);
    try {
      JsonToken first = in.peek();
      if (first != JsonToken.BEGIN_OBJECT) {
        discard(in);
        throw new IllegalStateException("The event is not a JSON object but " + first);
      }
      String method = null;
      String requestId = null;
      String rawPath = null;
      String rawQuery = null;
      String body = null;
      boolean base64 = false;
      Map<String, String> headers = new LinkedHashMap<>();
      in.beginObject();
      while (in.hasNext()) {
        switch (in.nextName()) {
          case "rawPath" -> rawPath = primitive(in);
          case "rawQueryString" -> rawQuery = primitive(in);
          case "body" -> body = primitive(in);
          case "isBase64Encoded" -> base64 = bool(in);
          case "headers" -> headers = headers(in);
          case "requestContext" -> {
            String[] context = requestContext(in);
            method = context[0];
            requestId = context[1];
          }
          default -> discard(in);
        }
      }
      in.endObject();
      if (in.peek() != JsonToken.END_DOCUMENT) {
        throw new JsonSyntaxException("Did not consume the entire document.");
      }
      return new HttpRequest.Event(method, rawPath, rawQuery, headers, body, base64, requestId);
    } catch (MalformedJsonException | EOFException e) {
      throw new JsonSyntaxException(e);
    } catch (IOException e) {
      throw new JsonIOException(e);
    }
  }

  /** {@code requestContext}: its {@code http.method} and {@code requestId}. */
  private static String[] requestContext(JsonReader in) throws IOException {
    String[] fields = new String[2];
    if (in.peek() != JsonToken.BEGIN_OBJECT) {
      discard(in);
      return fields;
    }
    in.beginObject();
    while (in.hasNext()) {
      switch (in.nextName()) {
        case "http" -> fields[0] = httpMethod(in);
        case "requestId" -> fields[1] = primitive(in);
        default -> discard(in);
      }
    }
    in.endObject();
    return fields;
  }

  private static String httpMethod(JsonReader in) throws IOException {
    if (in.peek() != JsonToken.BEGIN_OBJECT) {
      discard(in);
      return null;
    }
    String method = null;
    in.beginObject();
    while (in.hasNext()) {
      if (in.nextName().equals("method")) {
        method = primitive(in);
      } else {
        discard(in);
      }
    }
    in.endObject();
    return method;
  }

  private static Map<String, String> headers(JsonReader in) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    if (in.peek() != JsonToken.BEGIN_OBJECT) {
      discard(in);
      return headers;
    }
    in.beginObject();
    while (in.hasNext()) {
      String name = in.nextName();
      headers.put(name, primitive(in));
    }
    in.endObject();
    return headers;
  }

  /** A string, number or boolean as its text (as Gson's {@code getAsString}); else null. */
  private static String primitive(JsonReader in) throws IOException {
    return switch (in.peek()) {
      case STRING, NUMBER -> in.nextString();
      case BOOLEAN -> String.valueOf(in.nextBoolean());
      default -> {
        discard(in);
        yield null;
      }
    };
  }

  /** A boolean, or a string or number read as Gson's {@code getAsBoolean} reads it; else false. */
  private static boolean bool(JsonReader in) throws IOException {
    return switch (in.peek()) {
      case BOOLEAN -> in.nextBoolean();
      case STRING, NUMBER -> Boolean.parseBoolean(in.nextString());
      default -> {
        discard(in);
        yield false;
      }
    };
  }

  /**
   * Reads past a value without keeping it. Gson's {@code skipValue} checks the syntax as reading
   * the value would (escapes in strings included), without making strings of it.
   */
  private static void discard(JsonReader in) throws IOException {
    in.skipValue();
  }
}
