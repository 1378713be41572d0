package com.example.users.dynalite;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/** SDK clients and tables for the engine's tests. */
final class Engines {

  private Engines() {}

  static DynamoDbClient client(Dynalite engine) {
    return DynamoDbClient.builder()
        .endpointOverride(engine.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** Creates a table keyed by the string {@code k} and waits until it is active. */
  static void createTable(DynamoDbClient client, String name) {
    client.createTable(
        r ->
            r.tableName(name)
                .keySchema(KeySchemaElement.builder().attributeName("k").keyType("HASH").build())
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("k")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .billingMode("PAY_PER_REQUEST"));
    awaitActive(client, name);
  }

  /** Waits for ACTIVE, polling every 50 ms (the SDK's default waiter polls every 20 s). */
  static void awaitActive(DynamoDbClient client, String name) {
    try (DynamoDbWaiter waiter =
        DynamoDbWaiter.builder()
            .client(client)
            .overrideConfiguration(
                w ->
                    w.maxAttempts(600)
                        .backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(50))))
            .build()) {
      waiter.waitUntilTableExists(r -> r.tableName(name)).matched().response().orElseThrow();
    }
  }
}
