package com.example.users.priming;

import com.example.users.storage.UserTable;
import com.example.users.user.User;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client that never opens a connection: it answers each DynamoDB request with the success
 * DynamoDB documents for it (a stored item for {@code GetItem}, the new item for {@code UpdateItem}
 * with {@code ALL_NEW}, a page for {@code Scan}, an empty object for {@code PutItem} and {@code
 * DeleteItem}). SnapStart priming runs the handler's success paths against it, so that the code of
 * a 201, a 200 with an item, a 204 and a page is loaded and compiled before the snapshot while
 * nothing is read from or written to the table.
 */
final class RehearsalHttpClient implements SdkHttpClient {

  /** The DynamoDB operation a request asks for, from its {@code X-Amz-Target} header. */
  private static final String TARGET = "X-Amz-Target";

  private static final String PREFIX = "DynamoDB_20120810.";

  private final Map<String, byte[]> answers;
  private final AtomicInteger requests = new AtomicInteger();

  /**
   * Answers with the given user as the stored item.
   *
   * @param username the stored item's key
   */
  RehearsalHttpClient(String username) {
    String item =
        "{\""
            + UserTable.PARTITION_KEY
            + "\":{\"S\":\""
            + username
            + "\"},\"email\":{\"S\":\"priming@example.com\"},\"n\":{\"N\":\"1.5\"},"
            + "\"a\":{\"L\":[{\"BOOL\":true},{\"NULL\":true},{\"M\":{\"b\":{\"S\":\"c\"}}}]},"
            + "\"tags\":{\"L\":[{\"S\":\"x\"},{\"S\":\"y\"}]},"
            + "\""
            + User.CREATED_AT
            + "\":{\"S\":\"2026-01-01T00:00:00Z\"},\""
            + User.UPDATED_AT
            + "\":{\"S\":\"2026-01-01T00:00:00.123Z\"},\""
            + User.VERSION
            + "\":{\"N\":\"2\"},\""
            + UserTable.WRITE_TOKEN
            + "\":{\"S\":\"00000000000000000000000000000000\"}}";
    this.answers =
        Map.of(
            "GetItem", utf8("{\"Item\":" + item + "}"),
            "PutItem", utf8("{}"),
            "UpdateItem", utf8("{\"Attributes\":" + item + "}"),
            "DeleteItem", utf8("{}"),
            "Scan",
                utf8(
                    "{\"Count\":2,\"ScannedCount\":2,\"Items\":["
                        + item
                        + ","
                        + item
                        + "],\"LastEvaluatedKey\":{\""
                        + UserTable.PARTITION_KEY
                        + "\":{\"S\":\""
                        + username
                        + "\"}}}"));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** How many requests it has answered. */
  int requests() {
    return requests.get();
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    String target = request.httpRequest().firstMatchingHeader(TARGET).orElse("");
    byte[] answer =
        target.startsWith(PREFIX) ? answers.get(target.substring(PREFIX.length())) : null;
    if (answer == null) {
      throw new IllegalArgumentException("No rehearsal answer for '" + target + "'");
    }
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() {
        // Read the body as a real client would send it: the request's serialisation is primed too.
        request
            .contentStreamProvider()
            .ifPresent(
                body -> {
                  try (InputStream in = body.newStream()) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
        requests.incrementAndGet();
        return HttpExecuteResponse.builder()
            .response(
                SdkHttpResponse.builder()
                    .statusCode(200)
                    .putHeader("Content-Type", "application/x-amz-json-1.0")
                    .putHeader("Content-Length", Integer.toString(answer.length))
                    .putHeader("x-amzn-RequestId", "rehearsal")
                    .build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer)))
            .build();
      }

      @Override
      public void abort() {
        // Nothing in flight: the answer is already in memory.
      }
    };
  }

  @Override
  public String clientName() {
    return "Rehearsal";
  }

  @Override
  public void close() {
    // No connections to close.
  }
}
