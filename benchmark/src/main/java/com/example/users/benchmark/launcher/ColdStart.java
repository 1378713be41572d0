package com.example.users.benchmark.launcher;

import com.example.users.api.ApiHandler;
import com.example.users.api.InvocationContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Lambda cold start in a fresh JVM: constructs the handler as the Lambda runtime does (no-arg
 * constructor, configuration from the environment), optionally primes it as SnapStart's {@code
 * beforeCheckpoint} would, then serves one {@code GET /users/{username}} event and prints {@code
 * RESULT status=... initMs=... primeMs=... invokeMs=...}. The benchmark times the process from its
 * start to that line.
 *
 * <p>Usage: {@code ColdStart <username> [--prime]}
 */
public final class ColdStart {

  private static final Pattern STATUS = Pattern.compile("\"statusCode\"\\s*:\\s*(\\d+)");

  private ColdStart() {}

  /**
   * Runs the cold start.
   *
   * @param args the username to read, then optionally {@code --prime}
   */
  public static void main(String[] args) throws IOException {
    String username = args[0];
    boolean prime = args.length > 1 && args[1].equals("--prime");
    long start = System.nanoTime();
    ApiHandler handler = new ApiHandler();
    long constructed = System.nanoTime();
    if (prime) {
      handler.beforeCheckpoint(null);
    }
    long primed = System.nanoTime();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(getEvent(username).getBytes(StandardCharsets.UTF_8)),
        out,
        // The request log goes to standard error, as Lambda's goes to its log.
        new InvocationContext("cold-start", System.err::print));
    long served = System.nanoTime();
    Matcher status = STATUS.matcher(out.toString(StandardCharsets.UTF_8));
    System.out.println(
        "RESULT status="
            + (status.find() ? status.group(1) : "none")
            + " initMs="
            + millis(constructed - start)
            + " primeMs="
            + millis(primed - constructed)
            + " invokeMs="
            + millis(served - primed));
    System.out.flush();
  }

  private static String millis(long nanos) {
    return Double.toString(Math.round(nanos / 10_000.0) / 100.0);
  }

  /** An API Gateway HTTP API payload 2.0 event, as API Gateway sends it for a GET. */
  static String getEvent(String username) {
    String path = "/users/" + username;
    return "{\"version\":\"2.0\",\"routeKey\":\"GET /users/{username}\",\"rawPath\":\""
        + path
        + "\",\"rawQueryString\":\"\",\"headers\":{\"accept\":\"*/*\",\"host\":\"example.execute-api.us-east-1.amazonaws.com\",\"user-agent\":\"benchmark\"},"
        + "\"requestContext\":{\"accountId\":\"000000000000\",\"apiId\":\"example\",\"http\":{\"method\":\"GET\",\"path\":\""
        + path
        + "\",\"protocol\":\"HTTP/1.1\",\"sourceIp\":\"127.0.0.1\",\"userAgent\":\"benchmark\"},"
        + "\"requestId\":\"cold-start\",\"routeKey\":\"GET /users/{username}\",\"stage\":\"$default\","
        + "\"time\":\"24/Nov/2026:12:00:00 +0000\",\"timeEpoch\":1795521600000},"
        + "\"pathParameters\":{\"username\":\""
        + username
        + "\"},\"isBase64Encoded\":false}";
  }
}
