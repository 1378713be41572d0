package com.example.users.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.api.client.logging.FrameType;
import com.amazonaws.services.lambda.runtime.api.client.logging.FramedTelemetryLogSink;
import com.amazonaws.services.lambda.runtime.api.client.logging.LambdaContextLogger;
import com.amazonaws.services.lambda.runtime.logging.LogFormat;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.example.users.config.HandlerConfig;
import com.example.users.storage.DynamoDbClients;
import com.example.users.testing.DynaliteExtension;
import com.example.users.testing.HandlerClient;
import com.example.users.testing.TestContext;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.FileOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request log as the real Lambda Java runtime (aws-lambda-java-runtime-interface-client)
 * handles it with the function's JSON log format: its logger, its level filter and its telemetry
 * framing, whose frame header carries the level and the format that Lambda passes to CloudWatch.
 * Each request line must be a JSON record of its own (fields top-level, not text inside the
 * runtime's {@code message}), at INFO, or ERROR for a 5xx, and dropped below the configured level.
 */
@ExtendWith(DynaliteExtension.class)
class RequestLogRuntimeTests {

  /** One frame the runtime wrote: the type word (magic, level, format) and the payload. */
  record Frame(int type, String payload) {
    JsonObject json() {
      return JsonParser.parseString(payload).getAsJsonObject();
    }
  }

  @TempDir Path dir;

  /** Serves a 201, a 404, a 400 and a 500 through the runtime's logger at the given level. */
  private List<Frame> serveThroughTheRuntime(HandlerConfig config, LogLevel minimum)
      throws Exception {
    Path file = dir.resolve("telemetry-" + minimum);
    ApiHandler handler = new ApiHandler(config, DynamoDbClients.localCredentials(), List.of());
    HandlerClient client = new HandlerClient(handler);
    try (FileOutputStream out = new FileOutputStream(file.toFile());
        LambdaContextLogger logger =
            new LambdaContextLogger(
                new FramedTelemetryLogSink(out.getFD()), minimum, LogFormat.JSON)) {
      Map<String, String> json = Map.of("content-type", "application/json");
      assertThat(
              client
                  .sendEvent(
                      HandlerClient.event(
                          "POST", "/users", "", "{\"username\":\"ann\"}", false, json),
                      new TestContext(10_000, logger))
                  .status())
          .isEqualTo(201);
      assertThat(
              client
                  .sendEvent(
                      HandlerClient.event("GET", "/users/bob", "", null, false, Map.of()),
                      new TestContext(10_000, logger))
                  .status())
          .isEqualTo(404);
      assertThat(
              client
                  .sendEvent(
                      HandlerClient.event("POST", "/users", "", "{", false, json),
                      new TestContext(10_000, logger))
                  .status())
          .isEqualTo(400);
      // Not an HTTP API event: a wiring error, answered 500 with a failure line.
      java.io.ByteArrayOutputStream response = new java.io.ByteArrayOutputStream();
      handler.handleRequest(
          new java.io.ByteArrayInputStream("null".getBytes(StandardCharsets.UTF_8)),
          response,
          new TestContext(10_000, logger));
      assertThat(response.toString(StandardCharsets.UTF_8)).startsWith("{\"statusCode\":500,");
    }
    return frames(Files.readAllBytes(file));
  }

  /** Decodes the runtime's frames: type (4 bytes), length (4), timestamp (8), payload. */
  private static List<Frame> frames(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    List<Frame> frames = new ArrayList<>();
    while (buffer.hasRemaining()) {
      int type = buffer.getInt();
      int length = buffer.getInt();
      buffer.getLong();
      byte[] payload = new byte[length];
      buffer.get(payload);
      frames.add(new Frame(type, new String(payload, StandardCharsets.UTF_8)));
    }
    return frames;
  }

  @Test
  void requestLines_shouldBeJsonRecordsOfTheirOwn_withTheirLevelInTheFrame(HandlerConfig config)
      throws Exception {
    List<Frame> frames = serveThroughTheRuntime(config, LogLevel.INFO);
    List<JsonObject> requests = new ArrayList<>();
    for (Frame frame : frames) {
      JsonObject record = frame.json();
      LogLevel level = LogLevel.valueOf(record.get("level").getAsString());
      assertThat(frame.type())
          .as("frame of %s: level and JSON format in the header", frame.payload())
          .isEqualTo(FrameType.getValue(level, LogFormat.JSON));
      if (record.get("message").getAsString().equals("request")) {
        requests.add(record);
      }
    }
    assertThat(requests).hasSize(4);
    for (JsonObject r : requests) {
      assertThat(r.keySet())
          .as("top-level fields for Logs Insights")
          .contains("requestId", "method", "route", "status", "latencyMs", "dynamodbCalls");
      assertThat(
              r.get("status").isJsonPrimitive() && r.get("status").getAsJsonPrimitive().isNumber())
          .isTrue();
    }
    assertThat(
            requests.stream()
                .map(r -> r.get("status").getAsInt() + " " + r.get("level").getAsString()))
        .containsExactly("201 INFO", "404 INFO", "400 INFO", "500 ERROR");
    assertThat(requests.get(0).get("route").getAsString()).isEqualTo("POST /users");
    assertThat(requests.get(0).get("dynamodbCalls").getAsInt()).isEqualTo(1);
    assertThat(frames)
        .as("the 500's failure line, at ERROR")
        .filteredOn(f -> f.json().get("message").getAsString().equals("request failed"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.type()).isEqualTo(FrameType.getValue(LogLevel.ERROR, LogFormat.JSON));
              assertThat(f.json().get("requestId").getAsString()).isNotBlank();
              assertThat(f.json().get("route").getAsString()).isEqualTo("-");
              assertThat(f.json().get("error").getAsString()).contains("Exception");
              assertThat(f.json().get("stackTrace").getAsString()).contains("at ");
            });
  }

  @Test
  void theFunctionsLogLevel_shouldFilterRequestLines(HandlerConfig config) throws Exception {
    List<Frame> frames = serveThroughTheRuntime(config, LogLevel.ERROR);
    assertThat(frames).isNotEmpty();
    assertThat(frames)
        .allMatch(f -> f.type() == FrameType.getValue(LogLevel.ERROR, LogFormat.JSON))
        .allMatch(f -> f.json().get("level").getAsString().equals("ERROR"));
    assertThat(frames.stream().filter(f -> f.json().get("message").getAsString().equals("request")))
        .singleElement()
        .satisfies(f -> assertThat(f.json().get("status").getAsInt()).isEqualTo(500));
  }
}
