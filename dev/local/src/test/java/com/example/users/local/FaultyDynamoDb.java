package com.example.users.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Fault injection underneath the real handler: an SDK interceptor that, while a fault is set, sends
 * the handler's DynamoDB requests to a stand-in that answers as a throttled, failing or hung
 * DynamoDB does (or to a closed port), instead of dynalite. The request never reaches the real
 * table, exactly as when DynamoDB refuses it, so nothing can be half-written by the fault itself.
 */
final class FaultyDynamoDb implements ExecutionInterceptor, AutoCloseable {

  /** What DynamoDB does while the fault is on. */
  enum Fault {
    /** 400 ProvisionedThroughputExceededException (a table's capacity exceeded). */
    PROVISIONED_THROUGHPUT_EXCEEDED(400, "ProvisionedThroughputExceededException"),
    /** 400 ThrottlingException (control-plane style throttling). */
    THROTTLING(400, "ThrottlingException"),
    /** 400 RequestLimitExceeded (the account's on-demand throughput limit). */
    REQUEST_LIMIT_EXCEEDED(400, "RequestLimitExceeded"),
    /** 500 InternalServerError. */
    INTERNAL_SERVER_ERROR(500, "InternalServerError"),
    /** 503 ServiceUnavailable. */
    SERVICE_UNAVAILABLE(503, "ServiceUnavailable"),
    /** Connection refused: nothing listens. */
    UNREACHABLE(0, null),
    /** Accepts the request and never answers in time. */
    SLOW(0, null);

    final int status;
    final String errorType;

    Fault(int status, String errorType) {
      this.status = status;
      this.errorType = errorType;
    }
  }

  private final AtomicReference<Fault> fault = new AtomicReference<>();
  private final AtomicReference<Fault> responseFault = new AtomicReference<>();
  private final AtomicInteger responsesToFail = new AtomicInteger();
  private final ThreadLocal<Fault> failingThisAttempt = new ThreadLocal<>();
  private final AtomicInteger remaining = new AtomicInteger();
  private final AtomicInteger injected = new AtomicInteger();
  private final HttpServer standIn;
  private final ExecutorService standInThreads = Executors.newCachedThreadPool();
  private final int closedPort;

  FaultyDynamoDb() throws IOException {
    standIn = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    standIn.createContext("/", this::answer);
    standIn.setExecutor(standInThreads);
    standIn.start();
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
  }

  /** Injects the fault into every DynamoDB attempt until {@link #clear()}. */
  void set(Fault f) {
    set(f, Integer.MAX_VALUE);
  }

  private void set(Fault f, int attempts) {
    remaining.set(attempts);
    fault.set(f);
  }

  /**
   * Lets the next {@code attempts} DynamoDB attempts reach dynalite (so they take effect), then
   * replaces each answer with the fault's error, as when DynamoDB fails after doing the work or
   * throttles a read. The SDK hooks that can do this run once per attempt, so retries see it.
   */
  void failResponses(Fault f, int attempts) {
    responsesToFail.set(attempts);
    responseFault.set(f);
  }

  void clear() {
    fault.set(null);
    responseFault.set(null);
  }

  @Override
  public SdkHttpResponse modifyHttpResponse(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    Fault f = responseFault.get();
    if (f == null || responsesToFail.getAndDecrement() <= 0) {
      failingThisAttempt.remove();
      return context.httpResponse();
    }
    injected.incrementAndGet();
    failingThisAttempt.set(f);
    return context.httpResponse().toBuilder()
        .statusCode(f.status)
        .putHeader("x-amzn-ErrorType", f.errorType)
        .build();
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    Fault f = failingThisAttempt.get();
    if (f == null) {
      return context.responseBody();
    }
    failingThisAttempt.remove();
    return Optional.of(new ByteArrayInputStream(errorBody(f)));
  }

  private static byte[] errorBody(Fault f) {
    return ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
            + f.errorType
            + "\",\"message\":\"injected "
            + f.errorType
            + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** How many attempts were diverted so far. */
  int injected() {
    return injected.get();
  }

  @Override
  public SdkHttpRequest modifyHttpRequest(
      Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    Fault f = fault.get();
    if (f == null || remaining.getAndDecrement() <= 0) {
      return context.httpRequest();
    }
    injected.incrementAndGet();
    int port = f == Fault.UNREACHABLE ? closedPort : standIn.getAddress().getPort();
    return context.httpRequest().toBuilder()
        .protocol("http")
        .host("127.0.0.1")
        .port(port)
        .putHeader("x-fault", f.name())
        .build();
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      Fault f = Fault.valueOf(exchange.getRequestHeaders().getFirst("x-fault"));
      if (f == Fault.SLOW) {
        try {
          Thread.sleep(15_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      byte[] body = errorBody(f);
      exchange.getResponseHeaders().add("content-type", "application/x-amz-json-1.0");
      exchange.getResponseHeaders().add("x-amzn-ErrorType", f.errorType);
      exchange.getResponseHeaders().add("x-amzn-RequestId", "INJECTED");
      exchange.sendResponseHeaders(f.status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    standIn.stop(0);
    standInThreads.shutdownNow();
  }
}
