package com.example.users.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The request log line, written without Gson's writer, is the JSON object of its fields. */
class RequestLogTests {

  @Test
  void appendHundredths_shouldWriteTheRoundedNumber() {
    for (long k = -1_000; k <= 2_000_000; k++) {
      StringBuilder out = new StringBuilder();
      RequestLog.appendHundredths(out, k);
      String text = out.toString();
      assertThat(text).matches("-?(0|[1-9][0-9]*)\\.[0-9]{1,2}");
      assertThat(new BigDecimal(text)).isEqualByComparingTo(BigDecimal.valueOf(k, 2));
      assertThat(Double.parseDouble(text)).isEqualTo(k / 100.0);
      if (k % 997 == 0) {
        // Double.toString agrees wherever it writes the shortest form (JDK 17 does not always).
        assertThat(text).isEqualTo(Double.toString(k / 100.0));
      }
    }
  }

  @Test
  void requestLine_shouldBeTheJsonObjectOfItsFields() {
    StringBuilder seen = new StringBuilder();
    LambdaLogger logger =
        new LambdaLogger() {
          @Override
          public void log(String message) {
            seen.append(message);
          }

          @Override
          public void log(byte[] message) {
            seen.append(new String(message, StandardCharsets.UTF_8));
          }
        };
    RequestLog.request(logger, "id \"1\"", "GET", "GET /users", 200, 3.456, 1);
    JsonObject expected = new JsonObject();
    expected.addProperty("level", "INFO");
    expected.addProperty("message", "request");
    expected.addProperty("requestId", "id \"1\"");
    expected.addProperty("method", "GET");
    expected.addProperty("route", "GET /users");
    expected.addProperty("status", 200);
    expected.addProperty("latencyMs", 3.46);
    expected.addProperty("dynamodbCalls", 1);
    assertThat(seen.toString()).isEqualTo(expected + "\n");
  }
}
