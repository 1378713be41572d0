package com.example.users.benchmark;

import com.example.users.benchmark.launcher.ColdStart;
import com.example.users.config.HandlerConfig;
import com.example.users.http.ApiHandler;
import com.example.users.local.InvocationContext;
import com.example.users.storage.DynamoDbClients;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Warm latency and DynamoDB requests per operation: the handler in this JVM, called with
 * pre-serialised events, against dynalite. Each iteration creates, reads, updates, lists and
 * deletes one user; the first iterations only warm up.
 */
final class WarmLatency {

  private static final InvocationContext SILENT = new InvocationContext("warm", line -> {});

  private static final Pattern STATUS = Pattern.compile("\"statusCode\"\\s*:\\s*(\\d+)");

  /** Samples of one operation. */
  record Samples(long[] total, long[] dynamoDb, long[] wire, int[] calls, int[] attempts) {}

  /**
   * One call's outcome: the time inside DynamoDB calls, and the part of it on the wire (see {@link
   * DynamoDbTimer}).
   */
  record Call(
      int status, long nanos, long dynamoDbNanos, long wireNanos, int calls, int attempts) {}

  private final ApiHandler handler;
  private final DynamoDbTimer timer = new DynamoDbTimer();

  WarmLatency(URI endpoint, String table) {
    this.handler =
        new ApiHandler(
            HandlerConfig.of(table, "us-east-1", Optional.of(endpoint)),
            DynamoDbClients.localCredentials(),
            List.of(timer));
  }

  /** Calls the handler once and checks the status. */
  Call call(byte[] event, int expectedStatus) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    timer.reset();
    long start = System.nanoTime();
    try {
      handler.handleRequest(new ByteArrayInputStream(event), out, SILENT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long nanos = System.nanoTime() - start;
    DynamoDbTimer.Tally t = timer.current();
    String response = out.toString(StandardCharsets.UTF_8);
    Matcher m = STATUS.matcher(response);
    int status = m.find() ? Integer.parseInt(m.group(1)) : -1;
    if (status != expectedStatus) {
      throw new IllegalStateException(
          "Expected " + expectedStatus + " but got " + status + ": " + response);
    }
    return new Call(status, nanos, t.nanos, t.wireNanos, t.calls, t.attempts);
  }

  /**
   * Runs warm-up then measured iterations; returns samples per operation, in ColdStart.OPERATIONS
   * order.
   */
  Map<String, Samples> run(int warmup, int iterations) {
    Map<String, List<Call>> calls = new LinkedHashMap<>();
    ColdStart.OPERATIONS.forEach(op -> calls.put(op, new ArrayList<>()));
    byte[] list = Events.list("limit=25");
    for (int i = 0; i < warmup + iterations; i++) {
      String name = "warm-" + i;
      byte[] create =
          Events.create(
              "{\"username\":\""
                  + name
                  + "\",\"email\":\""
                  + name
                  + "@example.com\",\"country\":\"NL\",\"tags\":[\"a\",\"b\"],\"age\":42}");
      byte[] get = Events.get(name);
      byte[] update =
          Events.update(
              name, "{\"email\":\"" + name + "@example.org\",\"country\":\"US\",\"state\":\"WA\"}");
      byte[] delete = Events.delete(name, Optional.empty());
      Call c = call(create, 201);
      Call g = call(get, 200);
      Call u = call(update, 200);
      Call d = call(delete, 204);
      Call l = call(list, 200);
      if (i >= warmup) {
        calls.get("create").add(c);
        calls.get("get").add(g);
        calls.get("update").add(u);
        calls.get("delete").add(d);
        calls.get("list").add(l);
      }
    }
    Map<String, Samples> samples = new LinkedHashMap<>();
    calls.forEach(
        (op, list2) ->
            samples.put(
                op,
                new Samples(
                    list2.stream().mapToLong(Call::nanos).toArray(),
                    list2.stream().mapToLong(Call::dynamoDbNanos).toArray(),
                    list2.stream().mapToLong(Call::wireNanos).toArray(),
                    list2.stream().mapToInt(Call::calls).toArray(),
                    list2.stream().mapToInt(Call::attempts).toArray())));
    return samples;
  }

  /**
   * DynamoDB requests of the answers that are not the happy path (each must still be one request):
   * create of a taken name, read/update/delete of a missing user, delete with a stale ETag, and a
   * second list page.
   */
  Map<String, Call> edgeCases() {
    Map<String, Call> out = new LinkedHashMap<>();
    call(Events.create("{\"username\":\"edge\",\"email\":\"e@example.com\"}"), 201);
    out.put("create, name taken (409)", call(Events.create("{\"username\":\"edge\"}"), 409));
    out.put("get, no such user (404)", call(Events.get("edge-missing"), 404));
    out.put(
        "update, no such user (404)",
        call(Events.update("edge-missing", "{\"email\":\"x@example.com\"}"), 404));
    out.put("delete, stale If-Match (412)", call(Events.delete("edge", Optional.of("\"7\"")), 412));
    out.put(
        "delete, no such user (404)", call(Events.delete("edge-missing", Optional.empty()), 404));
    out.put("list, page of 2 with next cursor", call(Events.list("limit=2"), 200));
    call(Events.delete("edge", Optional.empty()), 204);
    return out;
  }
}
