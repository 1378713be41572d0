package com.example.users.testing;

import com.example.users.config.HandlerConfig;
import com.example.users.dynalite.Dynalite;
import com.example.users.dynalite.Tables;
import com.example.users.storage.DynamoDbClients;
import com.example.users.storage.UserTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One dynalite engine per test run, shared by every test class, stopped when the run ends. Each
 * caller gets its own, fresh users table.
 */
public final class TestTable {

  private static final AtomicInteger TABLES = new AtomicInteger();

  private TestTable() {}

  /** The shared server, started on first use. */
  public static Dynalite server(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .computeIfAbsent("dynalite", k -> new Closing(Dynalite.startInMemory()), Closing.class)
        .server();
  }

  /** A configuration pointing at the shared server and a fresh, empty table. */
  public static HandlerConfig freshTable(ExtensionContext context) {
    Dynalite server = server(context);
    // A generous time budget: the engine's first calls are slow on a busy 2-core machine, and
    // these tests are about behaviour, not timing (fault tests set their own tight budgets).
    HandlerConfig config =
        new HandlerConfig(
            "users-test-" + TABLES.incrementAndGet(),
            "us-east-1",
            Optional.of(server.endpoint()),
            java.time.Duration.ofSeconds(30),
            java.time.Duration.ofSeconds(10),
            3);
    try (DynamoDbClient client = client(config)) {
      Tables.createIfAbsent(client, config.tableName(), UserTable.PARTITION_KEY);
    }
    return config;
  }

  /** A plain client for assertions on the table. */
  public static DynamoDbClient client(HandlerConfig config) {
    return DynamoDbClients.create(config, DynamoDbClients.localCredentials(), List.of());
  }

  /** Every item of the table, sorted by key, for before/after comparisons. */
  public static List<Map<String, AttributeValue>> scanAll(HandlerConfig config) {
    try (DynamoDbClient client = client(config)) {
      return client
          .scanPaginator(r -> r.tableName(config.tableName()).consistentRead(true))
          .items()
          .stream()
          .sorted(java.util.Comparator.comparing(i -> i.get(UserTable.PARTITION_KEY).s()))
          .toList();
    }
  }

  private record Closing(Dynalite server) implements AutoCloseable {
    @Override
    public void close() {
      server.close();
    }
  }
}
