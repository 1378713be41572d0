package com.example.users.storage;

import java.time.Duration;
import java.util.List;
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
 * The users table's key schema, shared by the handler, the local mode that creates the table and
 * the infrastructure program that provisions it, so that the three cannot disagree.
 */
public final class UserTable {

  /** The partition key: the user's name, a DynamoDB string ({@code S}). No sort key. */
  public static final String PARTITION_KEY = "username";

  /** The DynamoDB actions the handler performs, for a least-privilege IAM policy. */
  public static final List<String> ACTIONS_USED =
      List.of(
          "dynamodb:GetItem",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
          "dynamodb:DeleteItem",
          "dynamodb:Scan");

  private UserTable() {}

  /**
   * Creates the table with this key schema, on-demand, unless it exists (local mode and tests; in
   * AWS the infrastructure program owns the table).
   *
   * <p>Returns once the table is {@code ACTIVE}: like DynamoDB, the engine answers CreateTable
   * while the table is still {@code CREATING}, and refuses items until it is active.
   *
   * @return true if it was created, false if it was there already
   */
  public static boolean createIfAbsent(DynamoDbClient dynamoDb, String tableName) {
    try {
      dynamoDb.createTable(
          r ->
              r.tableName(tableName)
                  .keySchema(
                      KeySchemaElement.builder()
                          .attributeName(PARTITION_KEY)
                          .keyType(KeyType.HASH)
                          .build())
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName(PARTITION_KEY)
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
