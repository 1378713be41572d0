package com.example.users.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Response out: the text {@link EventWriter} writes is what Gson writes for the response tree. */
class EventWriterTests {

  /** The v2 response object Lambda returns to API Gateway, as a tree. */
  private static JsonObject tree(HttpResponse response) {
    JsonObject event = new JsonObject();
    event.addProperty("statusCode", response.status());
    JsonObject h = new JsonObject();
    response.headers().forEach(h::addProperty);
    event.add("headers", h);
    event.addProperty("body", response.body());
    event.addProperty("isBase64Encoded", false);
    return event;
  }

  @Test
  void write_shouldWriteWhatTheResponseTreeSerialisesTo() {
    for (HttpResponse r :
        List.of(
            HttpResponse.json(200, JsonTests.tricky()).withHeader("etag", "\"3\""),
            HttpResponse.json(201, "{\"a\":\"\\u2028\"}").withHeader("location", "/users/a"),
            HttpResponse.empty(204),
            new Problem(400, "invalid-request", "Invalid request", "bad \"x\"\n")
                .toResponse("req-1"),
            new Problem(
                    503,
                    "storage-unavailable",
                    "Service Unavailable",
                    "retry",
                    Map.of("retry-after", "1"))
                .toResponse(null))) {
      assertThat(EventWriter.write(r)).isEqualTo(tree(r).toString());
    }
  }
}
