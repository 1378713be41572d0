package com.example.users.dynalite;

import java.time.Duration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * Creates tables in a local engine, for the tests, local mode and the benchmark. In AWS the
 * infrastructure program owns the table; nothing here is in the Lambda jar.
 */
public final class Tables {

  private Tables() {}

  /**
   * Creates an on-demand table keyed by one string partition key, unless it exists.
   *
   * <p>Returns once the table is {@code ACTIVE}: like DynamoDB, the engine answers CreateTable
   * while the table is still {@code CREATING}, and refuses items until it is active.
   *
   * @param partitionKey the key attribute's name, a string ({@code S}); no sort key
   * @return true if it was created, false if it was there already
   */
  public static boolean createIfAbsent(
      DynamoDbClient dynamoDb, String tableName, String partitionKey) {
    try {
      dynamoDb.createTable(
          r ->
              r.tableName(tableName)
                  .keySchema(
                      KeySchemaElement.builder()
                          .attributeName(partitionKey)
                          .keyType(KeyType.HASH)
                          .build())
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName(partitionKey)
                          .attributeType(ScalarAttributeType.S)
                          .build())
                  .billingMode(BillingMode.PAY_PER_REQUEST));
      return true;
    } catch (ResourceInUseException e) {
      return false;
    } finally {
      // The SDK's default polls every 20 s; a local engine is active within milliseconds.
      try (DynamoDbWaiter waiter =
          DynamoDbWaiter.builder()
              .client(dynamoDb)
              .overrideConfiguration(
                  w ->
                      w.maxAttempts(600)
                          .backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(50))))
              .build()) {
        waiter
            .waitUntilTableExists(r -> r.tableName(tableName))
            .matched()
            .exception()
            .ifPresent(
                e -> {
                  throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
                });
      }
    }
  }
}
