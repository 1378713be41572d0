package com.example.users.storage;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Has the URL-connection client send a request body from a buffer instead of streaming it, so that
 * a request on a connection used moments ago does not wait a millisecond first.
 *
 * <p>The SDK's URL-connection client puts every request with a {@code Content-Length} into the
 * JDK's fixed-length streaming mode. Before a streamed POST on a kept-alive connection, the JDK
 * ({@code sun.net.www.http.HttpClient.New}, then {@code available()}) reads the socket with a 1 ms
 * time-out to learn whether the server has closed it: every DynamoDB request is such a POST, so
 * every warm call waited at least 1 ms for that time-out (measured here: about 1.2 ms against 0.13
 * ms per POST on a loopback server; and as much on AWS, where the DynamoDB call itself takes a few
 * milliseconds).
 *
 * <p>Without the header the JDK buffers the body, which the SDK already holds in memory (DynamoDB
 * bodies are small), and sends it with the same {@code Content-Length}, so the signature still
 * matches what is sent.
 *
 * <p>A buffered POST is one the JDK would send again by itself, on a new connection, when reading
 * its answer fails; the SDK would then count one attempt for two sends, and a delete whose answer
 * was lost after DynamoDB applied it would be answered 404 instead of the documented 504. {@link
 * DynamoDbClients} turns that off ({@code sun.net.http.retryPost=false}), so every failure reaches
 * the SDK, which retries it as an attempt of its own.
 *
 * <p>What the probe is for, a kept-alive connection the server has closed, matters after a pause:
 * so the first request after {@link #PROBE_AFTER_IDLE} without one is left streamed, and the JDK
 * probes the connection before it (as Apache HttpClient's pool checks a connection idle for 2 s),
 * opening a new one if the server closed it; the JDK drops a connection idle for 5 s by itself. A
 * connection closed within the pause is found when the request fails on it: if writing failed, the
 * JDK writes it again on a new connection (nothing reached the server; it does so whatever the
 * property says), and if only reading the answer failed, the SDK's retry sends it again.
 */
final class BufferedBodyHttpClient implements SdkHttpClient {

  static final String CONTENT_LENGTH = "Content-Length";

  /** How long without a request before the next one has its connection probed. */
  static final Duration PROBE_AFTER_IDLE = Duration.ofSeconds(2);

  private static final long NEVER = Long.MIN_VALUE;

  private final SdkHttpClient delegate;
  private final LongSupplier clockMillis;
  private final AtomicLong lastRequestMillis = new AtomicLong(NEVER);

  BufferedBodyHttpClient(SdkHttpClient delegate) {
    // The wall clock, as the JDK's keep-alive cache measures idle time: the monotonic clock may
    // not count the time a SnapStart snapshot spent stored.
    this(delegate, System::currentTimeMillis);
  }

  BufferedBodyHttpClient(SdkHttpClient delegate, LongSupplier clockMillis) {
    this.delegate = delegate;
    this.clockMillis = clockMillis;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    long now = clockMillis.getAsLong();
    long last = lastRequestMillis.getAndSet(now);
    boolean afterPause = last == NEVER || now - last >= PROBE_AFTER_IDLE.toMillis();
    if (afterPause || request.httpRequest().firstMatchingHeader(CONTENT_LENGTH).isEmpty()) {
      return delegate.prepareRequest(request);
    }
    return delegate.prepareRequest(
        HttpExecuteRequest.builder()
            .request(request.httpRequest().toBuilder().removeHeader(CONTENT_LENGTH).build())
            .contentStreamProvider(request.contentStreamProvider().orElse(null))
            .metricCollector(request.metricCollector().orElse(null))
            .build());
  }

  @Override
  public String clientName() {
    return delegate.clientName();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
