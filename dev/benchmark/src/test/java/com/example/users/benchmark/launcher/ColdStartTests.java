package com.example.users.benchmark.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.local.HttpApiEvents;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColdStartTests {

  /** The launcher writes its events by hand (no JSON library at cold start): they must match. */
  @ParameterizedTest
  @CsvSource({
    "get, GET, /users/ann, '', ",
    "create, POST, /users, '', '{\"username\":\"ann\",\"email\":\"ann@example.com\",\"country\":\"NL\",\"tags\":[\"a\",\"b\"],\"age\":3}'",
    "update, PUT, /users/ann, '', '{\"email\":\"ann@example.org\",\"country\":\"US\",\"state\":\"WA\"}'",
    "delete, DELETE, /users/ann, '', ",
    "list, GET, /users, limit=25, ",
  })
  void event_shouldBeTheEventApiGatewaySendsForTheOperation(
      String op, String method, String path, String query, String body) {
    JsonObject event =
        JsonParser.parseString(new String(ColdStart.event(op, "ann", 3), StandardCharsets.UTF_8))
            .getAsJsonObject();
    JsonObject reference =
        HttpApiEvents.event(
            HttpApiEvents.Request.of(
                method,
                path,
                query,
                body == null ? Map.of() : Map.of("content-type", "application/json"),
                body));
    for (String field : new String[] {"routeKey", "rawPath", "rawQueryString", "pathParameters"}) {
      assertThat(event.get(field)).as(field).isEqualTo(reference.get(field));
    }
    assertThat(event.get("queryStringParameters"))
        .isEqualTo(reference.get("queryStringParameters"));
    assertThat(event.getAsJsonObject("requestContext").getAsJsonObject("http").get("method"))
        .isEqualTo(
            reference.getAsJsonObject("requestContext").getAsJsonObject("http").get("method"));
    assertThat(event.has("body") ? event.get("body").getAsString() : null).isEqualTo(body);
  }

  @ParameterizedTest
  @CsvSource({"50, 5", "99, 10", "100, 10", "1, 1"})
  void percentile_shouldBeTheNearestRank(double p, long expected) {
    assertThat(ColdStart.percentile(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, p))
        .isEqualTo(expected);
  }
}
