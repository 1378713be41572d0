package com.example.users.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.config.HandlerConfig;
import com.example.users.storage.DynamoDbClients;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the hostile, race and fault tests share: an HTTP client, a full consistent scan of the
 * table, the log a local server writes, and the checks every error response must pass.
 */
final class ApiProbe {

  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /** Words that would betray internals in a response body. */
  static final List<String> INTERNALS =
      List.of(
          "Exception",
          "exception",
          "\tat ",
          "at com.",
          "at java.",
          "software.amazon",
          "com.amazonaws",
          "com.example",
          "com.google",
          "gson",
          "Gson",
          "sqlite",
          "jetty",
          "DynamoDB Local",
          "dynamodb.",
          "TableName",
          "tableName",
          "arn:aws",
          "127.0.0.1",
          "amazonaws.com",
          "stackTrace");

  private ApiProbe() {}

  /** A request with a JSON body (or none when {@code body} is null) and extra header pairs. */
  static HttpResponse<String> send(URI base, String method, String path, String body, String... h)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    for (int i = 0; i < h.length; i += 2) {
      b.header(h[i], h[i + 1]);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonObject json(String body) {
    return JsonParser.parseString(body).getAsJsonObject();
  }

  /**
   * Every item of local mode's table, strongly consistent, sorted by key, rendered in a canonical
   * text form (attribute names sorted, every value with its DynamoDB type) so that two snapshots
   * are equal exactly when the stored bytes are.
   */
  static String snapshot(LocalServer server) {
    HandlerConfig config =
        HandlerConfig.of(
            LocalServer.TABLE_NAME, "us-east-1", Optional.of(server.dynamoDbEndpoint()));
    try (DynamoDbClient client =
        DynamoDbClients.create(config, DynamoDbClients.localCredentials(), List.of())) {
      List<Map<String, AttributeValue>> items =
          new ArrayList<>(
              client
                  .scanPaginator(r -> r.tableName(LocalServer.TABLE_NAME).consistentRead(true))
                  .items()
                  .stream()
                  .toList());
      items.sort(Comparator.comparing(i -> i.get("username").s()));
      StringBuilder sb = new StringBuilder();
      for (Map<String, AttributeValue> item : items) {
        sb.append(new TreeMap<>(item)).append('\n');
      }
      return sb.toString();
    }
  }

  /** Asserts two snapshots are identical, with a short message (items can be hundreds of KB). */
  static void assertUnchanged(String before, String after) {
    if (!before.equals(after)) {
      throw new AssertionError(
          "the table changed:\n  before: "
              + abbreviate(before)
              + "\n  after:  "
              + abbreviate(after));
    }
  }

  private static String abbreviate(String snapshot) {
    return snapshot.replaceAll("(.)\\1{40,}", "$1$1$1...").replace("\n", "\n          ");
  }

  /** The number of items in the table. */
  static long itemCount(LocalServer server) {
    return snapshot(server).lines().count();
  }

  /**
   * The checks every error the handler answers must pass: the status, {@code
   * application/problem+json}, a well-formed RFC 9457 body of the expected type, and nothing
   * internal.
   *
   * @return the problem's request id
   */
  static String assertProblem(
      int status, Optional<String> contentType, String body, int expectedStatus, String type) {
    assertThat(status).as(body).isEqualTo(expectedStatus);
    assertThat(contentType).as("content-type").contains("application/problem+json");
    JsonObject problem = json(body);
    assertThat(problem.get("type").getAsString()).isEqualTo("urn:user-api:problem:" + type);
    assertThat(problem.get("status").getAsInt()).isEqualTo(expectedStatus);
    assertThat(problem.get("title").getAsString()).isNotBlank();
    assertThat(problem.get("detail").getAsString()).isNotBlank();
    assertThat(problem.keySet())
        .containsExactlyInAnyOrder("type", "title", "status", "detail", "requestId");
    assertNoInternals(body);
    return problem.get("requestId").getAsString();
  }

  static void assertNoInternals(String body) {
    for (String word : INTERNALS) {
      assertThat(body).as("internal detail %s", word).doesNotContain(word);
    }
  }

  /** A local server's log, captured in memory, with a way to read what a request added. */
  static final class Log {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    synchronized int mark() {
      return bytes.size();
    }

    synchronized String since(int mark) {
      return new String(bytes.toByteArray(), StandardCharsets.UTF_8).substring(mark);
    }

    synchronized String all() {
      return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }

    /** The structured lines with this request id, parsed. */
    List<JsonObject> linesFor(String requestId) {
      List<JsonObject> lines = new ArrayList<>();
      for (String line : all().split("\n")) {
        if (line.startsWith("{") && line.contains("\"requestId\":\"" + requestId + "\"")) {
          lines.add(json(line));
        }
      }
      return lines;
    }
  }

  /**
   * Asserts the log a request added: exactly one request line with its id, route, status, a latency
   * and the number of DynamoDB calls; for a 5xx also exactly one failure line with the same id;
   * every line JSON; and none of the given personal data.
   */
  static void assertRequestLogged(
      String logged,
      String requestId,
      String route,
      int status,
      int dynamoDbCalls,
      List<String> personalData) {
    List<JsonObject> lines = new ArrayList<>();
    for (String line : logged.split("\n")) {
      if (!line.isBlank()) {
        assertThat(line).as("every log line is one JSON object").startsWith("{").endsWith("}");
        lines.add(json(line));
      }
    }
    List<JsonObject> requests =
        lines.stream().filter(l -> l.get("message").getAsString().equals("request")).toList();
    assertThat(requests).as(logged).hasSize(1);
    JsonObject r = requests.get(0);
    assertThat(r.get("requestId").getAsString()).isEqualTo(requestId);
    assertThat(r.get("route").getAsString()).isEqualTo(route);
    assertThat(r.get("status").getAsInt()).isEqualTo(status);
    assertThat(r.get("latencyMs").getAsDouble()).isNotNegative();
    assertThat(r.get("dynamodbCalls").getAsInt()).as(logged).isEqualTo(dynamoDbCalls);
    assertThat(r.get("level").getAsString()).isEqualTo(status >= 500 ? "ERROR" : "INFO");
    List<JsonObject> failures =
        lines.stream()
            .filter(l -> l.get("message").getAsString().equals("request failed"))
            .toList();
    if (status >= 500) {
      assertThat(failures).as("the exception is logged once").hasSize(1);
      assertThat(failures.get(0).get("requestId").getAsString()).isEqualTo(requestId);
      assertThat(failures.get(0).get("stackTrace").getAsString()).isNotBlank();
    } else {
      assertThat(failures).as(logged).isEmpty();
    }
    assertThat(lines).hasSize(requests.size() + failures.size());
    for (String data : personalData) {
      assertThat(logged).as("personal data in the log").doesNotContain(data);
    }
  }
}
