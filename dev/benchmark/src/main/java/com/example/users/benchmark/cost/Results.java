package com.example.users.benchmark.cost;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark's machine-readable results ({@code dev/benchmark/target/benchmark-results.json}):
 * warm p50/p99 per operation in ms, total and the handler's own, the SDK's own compute, and the
 * footprint of a typical user.
 */
public record Results(
    String measuredAt, Map<String, Operation> operations, int itemBytes, int requestLogBytes) {

  /** Where {@code scripts/benchmark.sh} writes them. */
  public static final Path DEFAULT_PATH = Path.of("dev/benchmark/target/benchmark-results.json");

  /**
   * One operation's warm latency, ms: total, the handler's own (outside the DynamoDB call) and the
   * SDK's own compute inside the call (its time less the time on the wire).
   */
  public record Operation(
      double p50Ms, double p99Ms, double ownP50Ms, double ownP99Ms, double sdkP50Ms) {}

  /** Writes them as JSON. */
  public void write(Path file) throws IOException {
    JsonObject root = new JsonObject();
    root.addProperty("measuredAt", measuredAt);
    JsonObject ops = new JsonObject();
    operations.forEach(
        (name, op) -> {
          JsonObject o = new JsonObject();
          o.addProperty("p50Ms", op.p50Ms());
          o.addProperty("p99Ms", op.p99Ms());
          o.addProperty("ownP50Ms", op.ownP50Ms());
          o.addProperty("ownP99Ms", op.ownP99Ms());
          o.addProperty("sdkP50Ms", op.sdkP50Ms());
          ops.add(name, o);
        });
    root.add("operations", ops);
    root.addProperty("itemBytes", itemBytes);
    root.addProperty("requestLogBytes", requestLogBytes);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, root.toString() + "\n", StandardCharsets.UTF_8);
  }

  /** Reads a file {@link #write} wrote. */
  public static Results read(Path file) throws IOException {
    JsonObject root =
        JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    Map<String, Operation> ops = new LinkedHashMap<>();
    root.getAsJsonObject("operations")
        .entrySet()
        .forEach(
            e -> {
              JsonObject o = e.getValue().getAsJsonObject();
              ops.put(
                  e.getKey(),
                  new Operation(
                      o.get("p50Ms").getAsDouble(),
                      o.get("p99Ms").getAsDouble(),
                      o.get("ownP50Ms").getAsDouble(),
                      o.get("ownP99Ms").getAsDouble(),
                      o.get("sdkP50Ms").getAsDouble()));
            });
    return new Results(
        root.get("measuredAt").getAsString(),
        ops,
        root.get("itemBytes").getAsInt(),
        root.get("requestLogBytes").getAsInt());
  }
}
