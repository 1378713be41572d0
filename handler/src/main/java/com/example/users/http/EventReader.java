package com.example.users.http;

import com.google.gson.JsonIOException;
import com.google.gson.JsonSyntaxException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Event in: reads an API Gateway HTTP API payload 2.0 event into the {@link HttpRequest} it
 * describes, straight from the text Lambda hands the handler (and local mode hands it likewise),
 * without building the event's JSON tree. Its counterpart is {@link EventWriter}, response out.
 *
 * <p>It reads the fields as Gson's tree would give them (a test holds the two to each other): the
 * text is parsed as {@code JsonParser.parseReader} does (leniently, every value checked, nothing
 * after the top-level value); a key given twice counts with its last value; a field held as an
 * object, array or null counts as absent. Building the tree was about a sixth of the handler's own
 * time per request.
 */
final class EventReader {

  private EventReader() {}

  /**
   * An event whose body could not be read: it is answered with {@link #problem()}, and logged with
   * the event's method and path.
   */
  static final class UnreadableBody extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String method;
    private final String rawPath;
    private final Problem problem;

    UnreadableBody(String method, String rawPath, Problem problem) {
      super(problem.getMessage(), null, false, false);
      this.method = method;
      this.rawPath = rawPath;
      this.problem = problem;
    }

    String method() {
      return method;
    }

    String rawPath() {
      return rawPath;
    }

    Problem problem() {
      return problem;
    }
  }

  /**
   * Reads an event.
   *
   * @throws UnreadableBody if the body is flagged base64 but is not
   * @throws JsonSyntaxException if the text is not JSON
   * @throws JsonIOException if the text cannot be read
   * @throws IllegalStateException if it is JSON but not an object
   * @throws IllegalArgumentException if it is an object but not a v2 HTTP event
   */
  static HttpRequest read(Reader text) {
    return request(fields(text));
  }

  /**
   * The fields of a v2 event the API reads, as they stand in the event. Null for a field the event
   * lacks (or holds as an object, array or null).
   *
   * @param headers header names as in the event, in order, each with its value (null for one that
   *     is not a string, number or boolean, which the request skips)
   */
  record Fields(
      String method,
      String rawPath,
      String rawQueryString,
      Map<String, String> headers,
      String body,
      boolean isBase64Encoded,
      String requestId) {}

  /** Reads an event's fields; see {@link #read}. */
  static Fields fields(Reader text) {
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
      return new Fields(method, rawPath, rawQuery, headers, body, base64, requestId);
    } catch (MalformedJsonException | EOFException e) {
      throw new JsonSyntaxException(e);
    } catch (IOException e) {
      throw new JsonIOException(e);
    }
  }

  /**
   * The request an event's fields describe.
   *
   * @throws UnreadableBody if the body is flagged base64 but is not
   * @throws IllegalArgumentException if the event is not a v2 HTTP event at all
   */
  static HttpRequest request(Fields event) {
    if (event.method() == null) {
      throw notAnEvent("requestContext.http.method");
    }
    if (event.rawPath() == null) {
      throw notAnEvent("rawPath");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    event
        .headers()
        .forEach(
            (name, value) -> {
              if (value != null) {
                headers.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + "," + b);
              }
            });
    Optional<byte[]> body = Optional.empty();
    if (event.body() != null) {
      body =
          Optional.of(
              event.isBase64Encoded()
                  ? decodeBase64(event)
                  : event.body().getBytes(StandardCharsets.UTF_8));
    }
    // Methods are case-sensitive (RFC 9110, section 9.1), as API Gateway routes them: "delete" is
    // not DELETE and must get a 405, not delete a user past a filter that only looks for DELETE.
    return new HttpRequest(
        event.method(),
        event.rawPath(),
        event.rawQueryString() == null ? "" : event.rawQueryString(),
        Collections.unmodifiableMap(headers),
        body,
        event.requestId() == null ? "unknown" : event.requestId());
  }

  private static byte[] decodeBase64(Fields event) {
    try {
      return Base64.getDecoder().decode(event.body());
    } catch (IllegalArgumentException e) {
      throw new UnreadableBody(
          event.method(),
          event.rawPath(),
          new Problem(
              400,
              "invalid-request",
              "Invalid request",
              "The request body is marked base64-encoded but is not valid base64."));
    }
  }

  private static IllegalArgumentException notAnEvent(String missing) {
    return new IllegalArgumentException("Not an API Gateway HTTP API v2 event: no " + missing);
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
