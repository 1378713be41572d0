package com.example.users.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpMethod;

class BackgroundHttpClientTests {

  private static final HttpExecuteRequest REQUEST =
      HttpExecuteRequest.builder()
          .request(
              SdkHttpFullRequest.builder()
                  .method(SdkHttpMethod.GET)
                  .uri(URI.create("http://localhost/"))
                  .build())
          .build();

  /** A client that answers every request with the given status and counts closes. */
  private static final class Fixed implements SdkHttpClient {
    final AtomicInteger closed = new AtomicInteger();
    final int status;

    Fixed(int status) {
      this.status = status;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() {
          return HttpExecuteResponse.builder()
              .response(SdkHttpFullResponse.builder().statusCode(status).build())
              .build();
        }

        @Override
        public void abort() {}
      };
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }
  }

  @Test
  void buildsOnAnotherThread_andServesRequestsThroughTheBuiltClient() throws Exception {
    AtomicReference<Thread> builtOn = new AtomicReference<>();
    Fixed fixed = new Fixed(204);
    try (BackgroundHttpClient client =
        new BackgroundHttpClient(
            "Fixed",
            () -> {
              builtOn.set(Thread.currentThread());
              return fixed;
            })) {
      assertThat(client.prepareRequest(REQUEST).call().httpResponse().statusCode()).isEqualTo(204);
      assertThat(builtOn.get()).isNotSameAs(Thread.currentThread());
      assertThat(builtOn.get().getName()).isEqualTo("http-client-init");
    }
    assertThat(fixed.closed).hasValue(1);
  }

  @Test
  void namesTheClientWithoutWaitingForIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    BackgroundHttpClient client =
        new BackgroundHttpClient(
            "UrlConnection",
            () -> {
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return new Fixed(200);
            });
    // The SDK reads the name while the DynamoDB client is built: it must not block on the build.
    assertThat(client.clientName()).isEqualTo("UrlConnection");
    release.countDown();
    client.close();
  }

  @Test
  void theNameGivenForTheHandlersHttpClient_isTheOneItReports() {
    try (SdkHttpClient real =
        DynamoDbClients.httpClient(
            com.example.users.config.HandlerConfig.of(
                "t", "us-east-1", java.util.Optional.empty()))) {
      assertThat(DynamoDbClients.HTTP_CLIENT_NAME).isEqualTo(real.clientName());
    }
  }

  @Test
  void aFailedBuild_isThrownAsItself_byEveryRequest() {
    IllegalStateException failure = new IllegalStateException("no trust store");
    BackgroundHttpClient client =
        new BackgroundHttpClient(
            "Broken",
            () -> {
              throw failure;
            });
    assertThatThrownBy(() -> client.prepareRequest(REQUEST)).isSameAs(failure);
    assertThatThrownBy(() -> client.prepareRequest(REQUEST)).isSameAs(failure);
    assertThatThrownBy(client::close).isSameAs(failure);
  }
}
