package com.example.users.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one event builder against the reference: the API Gateway sample events under {@code
 * src/test/resources/events/}. Each sample, taken apart into the HTTP request it came from and
 * rebuilt, must come out as the sample, field for field (only the account and API ids, which name
 * the deployment, differ).
 */
class HttpApiEventsTests {

  private static JsonObject sample(String name) throws IOException {
    try (InputStream in = HttpApiEventsTests.class.getResourceAsStream("/events/" + name)) {
      return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .getAsJsonObject();
    }
  }

  /** The HTTP request API Gateway received, as far as the sample shows it. */
  private static HttpApiEvents.Request requestOf(JsonObject sample) {
    JsonObject context = sample.getAsJsonObject("requestContext");
    JsonObject http = context.getAsJsonObject("http");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    sample
        .getAsJsonObject("headers")
        .entrySet()
        .forEach(h -> headers.put(h.getKey(), List.of(h.getValue().getAsString())));
    byte[] body = new byte[0];
    if (sample.has("body")) {
      String text = sample.get("body").getAsString();
      body =
          sample.get("isBase64Encoded").getAsBoolean()
              ? Base64.getDecoder().decode(text)
              : text.getBytes(StandardCharsets.UTF_8);
    }
    return new HttpApiEvents.Request(
        http.get("method").getAsString(),
        sample.get("rawPath").getAsString(),
        sample.get("rawQueryString").getAsString(),
        headers,
        body,
        http.get("sourceIp").getAsString(),
        context.get("requestId").getAsString(),
        Instant.ofEpochMilli(context.get("timeEpoch").getAsLong()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "create-user.json",
        "get-user.json",
        "list-users.json",
        "update-user.json",
        "delete-user.json",
        "wrong-method.json"
      })
  void rebuiltSamples_shouldEqualTheSamples(String name) throws IOException {
    JsonObject sample = sample(name);
    JsonObject built = HttpApiEvents.event(requestOf(sample));
    JsonObject context = built.getAsJsonObject("requestContext");
    context.add("accountId", sample.getAsJsonObject("requestContext").get("accountId"));
    context.add("apiId", sample.getAsJsonObject("requestContext").get("apiId"));
    assertThat(built).isEqualTo(sample);
  }

  @ParameterizedTest
  @ValueSource(strings = {"create-user-base64.json"})
  void aBodyTheClientSentAsBase64_shouldRebuildAsTheSameBytes(String name) throws IOException {
    JsonObject sample = sample(name);
    // API Gateway may pass even a JSON body as base64; the builder sends JSON as text.
    JsonObject built = HttpApiEvents.event(requestOf(sample));
    assertThat(built.get("isBase64Encoded").getAsBoolean()).isFalse();
    assertThat(built.get("body").getAsString().getBytes(StandardCharsets.UTF_8))
        .isEqualTo(Base64.getDecoder().decode(sample.get("body").getAsString()));
    for (String field : List.of("routeKey", "rawPath", "rawQueryString", "headers", "version")) {
      assertThat(built.get(field)).as(field).isEqualTo(sample.get(field));
    }
    assertThat(
            HttpApiEvents.event(
                    HttpApiEvents.Request.of(
                        "POST", "/users", "", Map.of("Content-Type", "image/png"), "\u00e9t\u00e9"))
                .get("isBase64Encoded")
                .getAsBoolean())
        .as("a content type that is not text goes as base64")
        .isTrue();
  }
}
