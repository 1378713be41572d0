package com.example.users.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link EventReader} reads the event's text without building its JSON tree: it must see in every
 * event the fields the tree has ({@link #fieldsOfTree}, Gson's {@code JsonParser} and {@code
 * getAsString}, is the reference), and fail where the tree parser fails.
 */
class EventReaderTests {

  /** The fields the handler reads, taken from the event's tree as Gson gives them. */
  static EventReader.Fields fieldsOfTree(JsonObject event) {
    JsonObject context = object(event, "requestContext");
    JsonObject http = object(context, "http");
    Map<String, String> headers = new LinkedHashMap<>();
    object(event, "headers")
        .entrySet()
        .forEach(
            e ->
                headers.put(
                    e.getKey(),
                    e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : null));
    JsonElement base64 = event.get("isBase64Encoded");
    return new EventReader.Fields(
        string(http, "method"),
        string(event, "rawPath"),
        string(event, "rawQueryString"),
        headers,
        string(event, "body"),
        base64 != null && base64.isJsonPrimitive() && base64.getAsBoolean(),
        string(context, "requestId"));
  }

  private static JsonObject object(JsonObject parent, String name) {
    JsonElement e = parent.get(name);
    return e != null && e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
  }

  private static String string(JsonObject parent, String name) {
    JsonElement e = parent.get(name);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
  }

  static Stream<String> events() throws IOException {
    Stream.Builder<String> events = Stream.builder();
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/events"))) {
      for (Path f : files.sorted().toList()) {
        events.add(Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    String ctx = "\"requestContext\":{\"http\":{\"method\":\"GET\"},\"requestId\":\"r\"}";
    Stream.of(
            "{\"rawPath\":\"/users\"," + ctx + "}",
            "{\"rawPath\":\"/users\"," + ctx + ",\"rawPath\":\"/users/a\"}",
            "{\"rawPath\":\"/users\"," + ctx + ",\"requestContext\":{\"requestId\":\"2\"}}",
            "{\"rawPath\":\"/users\",\"requestContext\":{\"http\":{\"method\":\"PUT\"},"
                + "\"http\":{\"path\":\"/\"}}}",
            "{\"rawPath\":\"/users\",\"requestContext\":{\"http\":[1],\"requestId\":7}}",
            "{\"rawPath\":\"/users\",\"requestContext\":\"x\"}",
            "{\"rawPath\":5," + ctx + ",\"rawQueryString\":true}",
            "{\"rawPath\":null," + ctx + ",\"rawQueryString\":{\"a\":1}}",
            "{\"rawPath\":\"/u\","
                + ctx
                + ",\"headers\":{\"A\":\"1\",\"a\":2,\"b\":true,\"c\":null,"
                + "\"d\":[\"x\"],\"e\":{},\"A\":\"3\",\"Host\":\"h\",\"host\":\"i\"}}",
            "{\"rawPath\":\"/u\"," + ctx + ",\"headers\":{\"a\":\"1\",\"a\":[2]}}",
            "{\"rawPath\":\"/u\"," + ctx + ",\"headers\":[\"a\"]}",
            "{\"rawPath\":\"/u\"," + ctx + ",\"headers\":{\"a\":\"1\"},\"headers\":{\"b\":\"2\"}}",
            "{\"rawPath\":\"/u\"," + ctx + ",\"body\":\"aGk=\",\"isBase64Encoded\":true}",
            "{\"rawPath\":\"/u\"," + ctx + ",\"body\":\"aGk=\",\"isBase64Encoded\":\"TRUE\"}",
            "{\"rawPath\":\"/u\"," + ctx + ",\"body\":\"x\",\"isBase64Encoded\":1}",
            "{\"rawPath\":\"/u\"," + ctx + ",\"body\":12.50,\"isBase64Encoded\":null}",
            "{\"rawPath\":\"/u\"," + ctx + ",\"body\":{\"a\":1},\"isBase64Encoded\":[true]}",
            "{\"rawPath\":\"/u\"," + ctx + ",\"body\":\"é \\u2028 \\ud800\"}",
            "{\"rawPath\":\"/u\"," + ctx + ",\"extra\":[1,{\"a\":[null,true,-0.0e5]}]}",
            "{rawPath:'/u'," + ctx + ",body:unquoted} ",
            "{\"rawPath\":\"/u\"," + ctx + " /* a comment */ }",
            "{}")
        .forEach(events::add);
    return events.build();
  }

  @ParameterizedTest
  @MethodSource("events")
  void read_shouldSeeTheFieldsTheTreeHas(String text) {
    EventReader.Fields expected = fieldsOfTree(JsonParser.parseString(text).getAsJsonObject());
    EventReader.Fields actual = EventReader.fields(new StringReader(text));
    assertThat(actual).isEqualTo(expected);
    // Header order matters too: names that differ in case are joined in it.
    assertThat(List.copyOf(actual.headers().entrySet()))
        .isEqualTo(List.copyOf(expected.headers().entrySet()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "null",
        "[]",
        "\"event\"",
        "42",
        "{\"a\":1} {}",
        "{\"a\":1} x",
        "{\"a\":\"\\x\"}",
        "{\"a\":\"\\u12\"}",
        "{\"a\":[}",
        "{\"a\":{\"b\" 1}}",
        "{\"rawPath\":\"/u\"",
        "{\"headers\":{\"a\":\"\\q\"}}"
      })
  void read_shouldFailWhereTheTreeParserFails(String text) {
    assertThatThrownBy(() -> JsonParser.parseString(text).getAsJsonObject())
        .isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> EventReader.read(new StringReader(text)))
        .isInstanceOf(RuntimeException.class);
  }
}
