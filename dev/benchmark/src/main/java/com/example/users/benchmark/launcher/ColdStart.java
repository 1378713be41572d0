package com.example.users.benchmark.launcher;

import com.example.users.priming.SnapStartHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Lambda cold start in a fresh JVM: constructs the handler as the Lambda runtime does (no-arg
 * constructor, configuration from the environment), optionally primes it as SnapStart's {@code
 * beforeCheckpoint} does and then idles, so that the engine (started with a shorter idle time-out)
 * closes the pooled connection, as a restored snapshot finds it, then serves one request of the
 * given operation and prints {@code RESULT status=... initMs=... primeMs=... invokeMs=...}. The
 * benchmark times the process from its start to that line.
 *
 * <p>With {@code --warm N} it then serves N requests (create, get, update, delete and list in turn,
 * each on a user of its own) to warm up and N more that it measures, and adds each operation's p50
 * and p99 to the line ({@code getP50Ms=...}), and the p50 of the thread's CPU time per request
 * ({@code getCpuUs=...}: the handler, the SDK and its HTTP client all run on it).
 *
 * <p>Usage: {@code ColdStart <get|create|update|delete|list> <username> [--prime [--idle MS]]
 * [--warm N]}.
 */
public final class ColdStart {

  private static final Pattern STATUS = Pattern.compile("\"statusCode\"\\s*:\\s*(\\d+)");

  /**
   * The operations the benchmark measures, in the order it runs and prints them: here, in the
   * launcher, which the child JVMs run with nothing else of the benchmark on their class path.
   */
  public static final List<String> OPERATIONS =
      List.of("create", "get", "update", "delete", "list");

  private ColdStart() {}

  /**
   * Runs the cold start.
   *
   * @param args the operation, the username it names, then optionally {@code --prime} and {@code
   *     --warm N}
   */
  public static void main(String[] args) throws Exception {
    String op = args[0];
    String username = args[1];
    List<String> flags = Arrays.asList(args).subList(2, args.length);
    boolean prime = flags.contains("--prime");
    long idleMillis =
        flags.contains("--idle") ? Long.parseLong(flags.get(flags.indexOf("--idle") + 1)) : 0;
    int warm =
        flags.contains("--warm") ? Integer.parseInt(flags.get(flags.indexOf("--warm") + 1)) : 0;
    byte[] event = event(op, username, 0);
    // The request log goes to standard error, as Lambda's goes to its log. The context is made
    // before any timing starts, as the Lambda runtime makes its own before it calls the handler:
    // made inside the timed request, loading this class and linking the method reference added
    // about 2 ms to the first request after priming, which no function pays.
    LauncherContext context = new LauncherContext("cold-start", System.err::print);
    long start = System.nanoTime();
    SnapStartHandler handler = new SnapStartHandler();
    long constructed = System.nanoTime();
    if (prime) {
      handler.beforeCheckpoint(null);
    }
    long primed = System.nanoTime();
    if (idleMillis > 0) {
      Thread.sleep(idleMillis);
    }
    long idled = System.nanoTime();
    int status = serve(handler, event, context);
    long served = System.nanoTime();
    StringBuilder result =
        new StringBuilder("RESULT status=")
            .append(status)
            .append(" initMs=")
            .append(millis(constructed - start))
            .append(" primeMs=")
            .append(millis(primed - constructed))
            .append(" invokeMs=")
            .append(millis(served - idled));
    if (warm > 0) {
      warm(handler, warm).forEach((k, v) -> result.append(' ').append(k).append('=').append(v));
    }
    System.out.println(result);
    System.out.flush();
  }

  private static Map<String, String> warm(SnapStartHandler handler, int requests)
      throws IOException {
    LauncherContext silent = new LauncherContext("warm", line -> {});
    Map<String, List<Long>> samples = new LinkedHashMap<>();
    Map<String, List<Long>> cpu = new LinkedHashMap<>();
    OPERATIONS.forEach(
        op -> {
          samples.put(op, new ArrayList<>());
          cpu.put(op, new ArrayList<>());
        });
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long pid = ProcessHandle.current().pid();
    for (int i = 0; i < 2 * requests; i++) {
      String op = OPERATIONS.get(i % OPERATIONS.size());
      String user = "jvm-" + pid + "-" + i / OPERATIONS.size();
      byte[] event = event(op, user, i);
      long cpuStart = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      int status = serve(handler, event, silent);
      long nanos = System.nanoTime() - start;
      long cpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
      if (status != expectedStatus(op)) {
        throw new IllegalStateException(op + " " + user + " answered " + status);
      }
      if (i >= requests) {
        samples.get(op).add(nanos);
        cpu.get(op).add(cpuNanos);
      }
    }
    Map<String, String> fields = new LinkedHashMap<>();
    samples.forEach(
        (op, list) -> {
          long[] sorted = list.stream().mapToLong(Long::longValue).sorted().toArray();
          fields.put(op + "P50Ms", millis(percentile(sorted, 50)));
          fields.put(op + "P99Ms", millis(percentile(sorted, 99)));
          long[] cpuSorted = cpu.get(op).stream().mapToLong(Long::longValue).sorted().toArray();
          fields.put(
              op + "CpuUs", String.format(Locale.ROOT, "%.0f", percentile(cpuSorted, 50) / 1e3));
        });
    return fields;
  }

  /** The nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** The status a successful request of this operation answers with. */
  public static int expectedStatus(String op) {
    return switch (op) {
      case "create" -> 201;
      case "delete" -> 204;
      default -> 200;
    };
  }

  private static int serve(SnapStartHandler handler, byte[] event, LauncherContext context)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, context);
    Matcher status = STATUS.matcher(out.toString(StandardCharsets.UTF_8));
    return status.find() ? Integer.parseInt(status.group(1)) : -1;
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
  }

  /** The event of one operation on {@code username}, as API Gateway sends it. */
  static byte[] event(String op, String username, int n) {
    String path = "/users/" + username;
    String json =
        switch (op) {
          case "get" -> event("GET", path, "GET /users/{username}", "", null, username);
          case "create" ->
              event(
                  "POST",
                  "/users",
                  "POST /users",
                  "",
                  "{\"username\":\""
                      + username
                      + "\",\"email\":\""
                      + username
                      + "@example.com\",\"country\":\"NL\",\"tags\":[\"a\",\"b\"],\"age\":"
                      + n
                      + "}",
                  null);
          case "update" ->
              event(
                  "PUT",
                  path,
                  "PUT /users/{username}",
                  "",
                  "{\"email\":\""
                      + username
                      + "@example.org\",\"country\":\"US\",\"state\":\"WA\"}",
                  username);
          case "delete" -> event("DELETE", path, "DELETE /users/{username}", "", null, username);
          case "list" -> event("GET", "/users", "GET /users", "limit=25", null, null);
          default -> throw new IllegalArgumentException("unknown operation " + op);
        };
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static String event(
      String method, String path, String routeKey, String query, String body, String username) {
    return "{\"version\":\"2.0\",\"routeKey\":\""
        + routeKey
        + "\",\"rawPath\":\""
        + path
        + "\",\"rawQueryString\":\""
        + query
        + "\",\"headers\":{\"accept\":\"application/json\","
        + (body == null ? "" : "\"content-type\":\"application/json\",")
        + "\"host\":\"example.execute-api.us-east-1.amazonaws.com\",\"user-agent\":\"benchmark\"},"
        + (query.isEmpty()
            ? ""
            : "\"queryStringParameters\":{\""
                + query.substring(0, query.indexOf('='))
                + "\":\""
                + query.substring(query.indexOf('=') + 1)
                + "\"},")
        + "\"requestContext\":{\"accountId\":\"000000000000\",\"apiId\":\"example\",\"http\":{\"method\":\""
        + method
        + "\",\"path\":\""
        + path
        + "\",\"protocol\":\"HTTP/1.1\",\"sourceIp\":\"127.0.0.1\",\"userAgent\":\"benchmark\"},"
        + "\"requestId\":\"cold-start\",\"routeKey\":\""
        + routeKey
        + "\",\"stage\":\"$default\","
        + "\"time\":\"24/Nov/2026:12:00:00 +0000\",\"timeEpoch\":1795521600000},"
        + (username == null ? "" : "\"pathParameters\":{\"username\":\"" + username + "\"},")
        + (body == null ? "" : "\"body\":\"" + body.replace("\"", "\\\"") + "\",")
        + "\"isBase64Encoded\":false}";
  }
}
