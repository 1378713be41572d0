package com.example.users.packaging;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.example.users.priming.SnapStartHandler;
import com.example.users.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Run by {@link LambdaJarIntegrationTests} in a JVM whose class path is the Lambda jar and this
 * class alone: constructs the function's handler as the Lambda runtime does, primes it as SnapStart
 * does, then serves one request of each operation and prints {@code OPERATION STATUS} per line.
 * Uses nothing but the JDK, the jar and the module's {@code TestContext}.
 */
final class JarSmoke {

  private static final Pattern STATUS = Pattern.compile("\"statusCode\"\\s*:\\s*(\\d+)");

  private JarSmoke() {}

  public static void main(String[] args) throws IOException {
    String user = args[0];
    SnapStartHandler handler = new SnapStartHandler();
    handler.beforeCheckpoint(null);
    String path = "/users/" + user;
    serve(handler, "create", "POST", "/users", "{\"username\":\"" + user + "\",\"n\":1}");
    serve(handler, "get", "GET", path, null);
    serve(handler, "update", "PUT", path, "{\"email\":\"" + user + "@example.org\"}");
    serve(handler, "list", "GET", "/users", null);
    serve(handler, "delete", "DELETE", path, null);
  }

  private static void serve(
      SnapStartHandler handler, String name, String method, String path, String body)
      throws IOException {
    String event =
        "{\"version\":\"2.0\",\"rawPath\":\""
            + path
            + "\",\"rawQueryString\":\"\",\"headers\":{\"content-type\":\"application/json\"},"
            + "\"requestContext\":{\"http\":{\"method\":\""
            + method
            + "\",\"path\":\""
            + path
            + "\"},\"requestId\":\"smoke\"},"
            + (body == null ? "" : "\"body\":\"" + body.replace("\"", "\\\"") + "\",")
            + "\"isBase64Encoded\":false}";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
        out,
        new TestContext(10_000, STDERR));
    Matcher m = STATUS.matcher(out.toString(StandardCharsets.UTF_8));
    System.out.println(name + " " + (m.find() ? m.group(1) : "none"));
  }

  /** Log lines go to standard error, which {@link LambdaJarIntegrationTests} keeps. */
  private static final LambdaLogger STDERR =
      new LambdaLogger() {
        @Override
        public void log(String message) {
          System.err.print(message);
        }

        @Override
        public void log(byte[] message) {
          System.err.write(message, 0, message.length);
        }
      };
}
