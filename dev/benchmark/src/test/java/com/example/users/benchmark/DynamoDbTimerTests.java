package com.example.users.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.config.HandlerConfig;
import com.example.users.storage.DynamoDbClients;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The timer's split of a DynamoDB call: the whole call, and within it the time on the wire, here an
 * HTTP client that takes a known time to answer.
 */
class DynamoDbTimerTests {

  private static final long WIRE_MILLIS = 20;

  /** Answers every request with an empty GetItem result after {@link #WIRE_MILLIS}. */
  private static final class SlowHttp implements SdkHttpClient {
    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() {
          try {
            TimeUnit.MILLISECONDS.sleep(WIRE_MILLIS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
          return HttpExecuteResponse.builder()
              .response(
                  SdkHttpResponse.builder()
                      .statusCode(200)
                      .putHeader("Content-Length", Integer.toString(body.length))
                      .build())
              .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
              .build();
        }

        @Override
        public void abort() {}
      };
    }

    @Override
    public void close() {}
  }

  @Test
  void aCallsWireTime_isTheHttpExchange_andLiesWithinTheCall() {
    DynamoDbTimer timer = new DynamoDbTimer();
    HandlerConfig config =
        HandlerConfig.of("users", "us-east-1", Optional.of(URI.create("http://localhost:1")));
    try (DynamoDbClient client =
        DynamoDbClients.create(
            config, DynamoDbClients.localCredentials(), List.of(timer), new SlowHttp())) {
      timer.reset();
      client.getItem(
          b -> b.tableName("users").key(Map.of("username", AttributeValue.fromS("ada"))));
      DynamoDbTimer.Tally t = timer.current();
      assertThat(t.calls).isEqualTo(1);
      assertThat(t.attempts).isEqualTo(1);
      assertThat(t.wireNanos).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(WIRE_MILLIS));
      assertThat(t.nanos).isGreaterThan(t.wireNanos);

      timer.reset();
      assertThat(timer.current().wireNanos).isZero();
      assertThat(timer.current().nanos).isZero();
    }
  }
}
