package com.example.users.benchmark.cost;

import com.example.users.config.HandlerConfig;
import com.example.users.http.ApiHandler;
import com.example.users.local.HttpApiEvents;
import com.example.users.local.InvocationContext;
import com.example.users.storage.DynamoDbClients;
import com.example.users.storage.UserTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Measures what a typical user costs to store and to log: the handler creates the user the warm
 * benchmark creates (username, email, country, two tags, age), the stored item is read back raw and
 * sized by DynamoDB's rules, and the handler's request log line for a create and a get is measured
 * in UTF-8 bytes (with a request id as long as Lambda's, a UUID). The user is deleted afterwards.
 */
public final class Footprint {

  /** The typical user's attributes, as the API receives them. */
  static final String TYPICAL_USER =
      "{\"username\":\"cost-typical-user\",\"email\":\"cost-typical-user@example.com\","
          + "\"country\":\"NL\",\"tags\":[\"a\",\"b\"],\"age\":42}";

  private static final String REQUEST_ID = "6d68ca91-49c9-448d-89b8-7ca3e6dc66aa";

  /** The stored item's size and the request log line's size (the larger of create and get). */
  public record Sizes(int itemBytes, int requestLogBytes) {}

  private Footprint() {}

  /** Measures against the table {@code table} at {@code endpoint} (it must exist). */
  public static Sizes measure(URI endpoint, String table) {
    HandlerConfig config = HandlerConfig.of(table, "us-east-1", Optional.of(endpoint));
    ApiHandler handler = new ApiHandler(config, DynamoDbClients.localCredentials(), List.of());
    List<String> lines = new ArrayList<>();
    call(handler, "POST", "/users", TYPICAL_USER, lines);
    int createLine = requestLine(lines);
    lines.clear();
    call(handler, "GET", "/users/cost-typical-user", null, lines);
    int getLine = requestLine(lines);
    int item;
    try (DynamoDbClient dynamoDb =
        DynamoDbClients.create(config, DynamoDbClients.localCredentials(), List.of())) {
      Map<String, AttributeValue> stored =
          dynamoDb
              .getItem(
                  r ->
                      r.tableName(table)
                          .consistentRead(true)
                          .key(
                              Map.of(
                                  UserTable.PARTITION_KEY,
                                  AttributeValue.fromS("cost-typical-user"))))
              .item();
      item = ItemSize.of(stored);
    }
    call(handler, "DELETE", "/users/cost-typical-user", null, lines);
    return new Sizes(item, Math.max(createLine, getLine));
  }

  private static int requestLine(List<String> lines) {
    return lines.stream()
        .filter(l -> l.contains("\"message\":\"request\""))
        .mapToInt(l -> l.getBytes(StandardCharsets.UTF_8).length)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no request log line in " + lines));
  }

  private static void call(
      ApiHandler handler, String method, String path, String body, List<String> lines) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("accept", "application/json");
    if (body != null) {
      headers.put("content-type", "application/json");
    }
    byte[] event =
        HttpApiEvents.event(
                HttpApiEvents.Request.of(method, path, "", headers, body).withRequestId(REQUEST_ID))
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    try {
      handler.handleRequest(
          new ByteArrayInputStream(event),
          new ByteArrayOutputStream(),
          new InvocationContext(REQUEST_ID, lines::add));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
