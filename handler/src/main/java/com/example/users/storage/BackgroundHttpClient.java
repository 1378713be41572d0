package com.example.users.storage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * An HTTP client built on a background thread. Building the HTTP client loads the JDK's TLS stack
 * and CA trust store (about 110 ms of a cold start on one core); building it here lets the DynamoDB
 * client's own construction run at the same time. The first request waits for it.
 */
final class BackgroundHttpClient implements SdkHttpClient {

  private final CompletableFuture<SdkHttpClient> delegate;
  private final String name;

  /**
   * Starts building.
   *
   * @param name the delegate's {@link SdkHttpClient#clientName()}, known without building it (the
   *     SDK reads it into the user agent while the DynamoDB client is built)
   */
  BackgroundHttpClient(String name, Supplier<SdkHttpClient> build) {
    this.name = name;
    this.delegate = new CompletableFuture<>();
    Thread builder =
        new Thread(
            () -> {
              try {
                delegate.complete(build.get());
              } catch (RuntimeException | Error e) {
                delegate.completeExceptionally(e);
              }
            },
            "http-client-init");
    builder.setDaemon(true);
    builder.start();
  }

  private SdkHttpClient delegate() {
    try {
      return delegate.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return delegate().prepareRequest(request);
  }

  @Override
  public String clientName() {
    return name;
  }

  @Override
  public void close() {
    delegate().close();
  }
}
