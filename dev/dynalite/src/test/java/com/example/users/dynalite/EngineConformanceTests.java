package com.example.users.dynalite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Every DynamoDB behaviour the handler relies on, asserted against the engine through the AWS SDK.
 * Each test names the part of the DynamoDB documentation it follows (Amazon DynamoDB API Reference
 * and Developer Guide). This is the first suite to fail when the engine is upgraded or swapped;
 * where it fails, local mode no longer answers as DynamoDB does.
 */
class EngineConformanceTests {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static Dynalite engine;
  private static DynamoDbClient client;

  private String table;

  @BeforeAll
  static void start() {
    engine = Dynalite.startInMemory();
    client = Engines.client(engine);
  }

  @AfterAll
  static void stop() {
    client.close();
    engine.close();
  }

  @BeforeEach
  void freshTable() {
    table = "conformance-" + TABLES.incrementAndGet();
    Engines.createTable(client, table);
  }

  private static Map<String, AttributeValue> key(String k) {
    return Map.of("k", AttributeValue.fromS(k));
  }

  private Map<String, AttributeValue> stored(String k) {
    return client.getItem(r -> r.tableName(table).key(key(k)).consistentRead(true)).item();
  }

  private void put(Map<String, AttributeValue> item) {
    client.putItem(r -> r.tableName(table).item(item));
  }

  private static Map<String, AttributeValue> item(String k, String name, AttributeValue value) {
    Map<String, AttributeValue> item = new HashMap<>(key(k));
    item.put(name, value);
    return item;
  }

  /**
   * API Reference, PutItem / UpdateItem / DeleteItem, parameter {@code
   * ReturnValuesOnConditionCheckFailure}: "Use ReturnValuesOnConditionCheckFailure to get the item
   * attributes if the ConditionExpression condition fails. For ALL_OLD, the entire old item is
   * returned"; the exception carries no item when none is stored.
   */
  @Nested
  @DisplayName("ConditionalCheckFailedException with ReturnValuesOnConditionCheckFailure=ALL_OLD")
  class ConditionFailureAllOld {

    private final Map<String, AttributeValue> existing =
        Map.of(
            "k", AttributeValue.fromS("present"),
            "version", AttributeValue.fromN("7"),
            "email", AttributeValue.fromS("a@example.com"));

    @BeforeEach
    void seed() {
      put(existing);
    }

    @Test
    void putItem_shouldReturnTheStoredItem_andAnAbsentOneShouldReturnNone() {
      ConditionalCheckFailedException failed =
          catchThrowableOfType(
              ConditionalCheckFailedException.class,
              () ->
                  client.putItem(
                      r ->
                          r.tableName(table)
                              .item(key("present"))
                              .conditionExpression("attribute_not_exists(k)")
                              .returnValuesOnConditionCheckFailure(
                                  ReturnValuesOnConditionCheckFailure.ALL_OLD)));
      assertThat(failed.item()).isEqualTo(existing);

      ConditionalCheckFailedException absent =
          catchThrowableOfType(
              ConditionalCheckFailedException.class,
              () ->
                  client.putItem(
                      r ->
                          r.tableName(table)
                              .item(key("absent"))
                              .conditionExpression("attribute_exists(k)")
                              .returnValuesOnConditionCheckFailure(
                                  ReturnValuesOnConditionCheckFailure.ALL_OLD)));
      assertThat(absent.hasItem()).isFalse();
      assertThat(stored("present")).isEqualTo(existing);
      assertThat(stored("absent")).isEmpty();
    }

    @Test
    void updateItem_shouldReturnTheStoredItem_andAnAbsentOneShouldReturnNone() {
      ConditionalCheckFailedException failed =
          catchThrowableOfType(
              ConditionalCheckFailedException.class,
              () ->
                  client.updateItem(
                      r ->
                          r.tableName(table)
                              .key(key("present"))
                              .updateExpression("SET version = version + :one")
                              .conditionExpression("version = :expected")
                              .expressionAttributeValues(
                                  Map.of(
                                      ":one", AttributeValue.fromN("1"),
                                      ":expected", AttributeValue.fromN("6")))
                              .returnValuesOnConditionCheckFailure(
                                  ReturnValuesOnConditionCheckFailure.ALL_OLD)));
      assertThat(failed.item()).isEqualTo(existing);

      ConditionalCheckFailedException absent =
          catchThrowableOfType(
              ConditionalCheckFailedException.class,
              () ->
                  client.updateItem(
                      r ->
                          r.tableName(table)
                              .key(key("absent"))
                              .updateExpression("SET email = :e")
                              .conditionExpression("attribute_exists(k)")
                              .expressionAttributeValues(Map.of(":e", AttributeValue.fromS("x")))
                              .returnValuesOnConditionCheckFailure(
                                  ReturnValuesOnConditionCheckFailure.ALL_OLD)));
      assertThat(absent.hasItem()).isFalse();
      assertThat(stored("present")).isEqualTo(existing);
      assertThat(stored("absent")).isEmpty();
    }

    @Test
    void deleteItem_shouldReturnTheStoredItem_andAnAbsentOneShouldReturnNone() {
      ConditionalCheckFailedException failed =
          catchThrowableOfType(
              ConditionalCheckFailedException.class,
              () ->
                  client.deleteItem(
                      r ->
                          r.tableName(table)
                              .key(key("present"))
                              .conditionExpression("version = :expected")
                              .expressionAttributeValues(
                                  Map.of(":expected", AttributeValue.fromN("6")))
                              .returnValuesOnConditionCheckFailure(
                                  ReturnValuesOnConditionCheckFailure.ALL_OLD)));
      assertThat(failed.item()).isEqualTo(existing);

      ConditionalCheckFailedException absent =
          catchThrowableOfType(
              ConditionalCheckFailedException.class,
              () ->
                  client.deleteItem(
                      r ->
                          r.tableName(table)
                              .key(key("absent"))
                              .conditionExpression("attribute_exists(k)")
                              .returnValuesOnConditionCheckFailure(
                                  ReturnValuesOnConditionCheckFailure.ALL_OLD)));
      assertThat(absent.hasItem()).isFalse();
      assertThat(stored("present")).isEqualTo(existing);
    }

    @Test
    void withoutTheParameter_theExceptionShouldCarryNoItem() {
      ConditionalCheckFailedException failed =
          catchThrowableOfType(
              ConditionalCheckFailedException.class,
              () ->
                  client.putItem(
                      r ->
                          r.tableName(table)
                              .item(key("present"))
                              .conditionExpression("attribute_not_exists(k)")));
      assertThat(failed.hasItem()).isFalse();
    }
  }

  /**
   * Developer Guide, "Supported data types and naming rules", Number: "Numbers can have up to 38
   * digits of precision. Exceeding this results in an exception"; positive range 1E-130 to
   * 9.9999999999999999999999999999999999999E+125. Applies to PutItem and to what an UpdateItem
   * expression computes.
   */
  @Nested
  @DisplayName("Numbers: 38 significant digits and DynamoDB's magnitude range")
  class Numbers {

    private static final String DIGITS_38 = "12345678901234567890123456789012345678";

    @Test
    void putItem_shouldKeep38Digits_andRefuse39() {
      put(item("n", "v", AttributeValue.fromN(DIGITS_38)));
      assertThat(stored("n").get("v").n()).isEqualTo(DIGITS_38);

      DynamoDbException refused = refusedPut(DIGITS_38 + "9");
      assertThat(refused.awsErrorDetails().errorMessage())
          .isEqualTo("Attempting to store more than 38 significant digits in a Number");
      assertThat(stored("n").get("v").n()).isEqualTo(DIGITS_38);
    }

    @Test
    void putItem_shouldRefuseNumbersOutsideTheRange() {
      put(item("n", "v", AttributeValue.fromN("9.9999999999999999999999999999999999999E+125")));
      put(item("m", "v", AttributeValue.fromN("1E-130")));
      assertThat(refusedPut("1E+126").awsErrorDetails().errorMessage())
          .isEqualTo(
              "Number overflow. Attempting to store a number with magnitude larger than supported"
                  + " range");
      assertThat(refusedPut("1E-131").awsErrorDetails().errorMessage())
          .isEqualTo(
              "Number underflow. Attempting to store a number with magnitude smaller than"
                  + " supported range");
    }

    @Test
    void updateItem_arithmeticBeyond38Digits_shouldBeRefused_andLeaveTheItemUnchanged() {
      String nines = "9".repeat(38);
      put(item("n", "v", AttributeValue.fromN(nines)));
      // 38 nines + 1 = 1E+38: one significant digit, allowed.
      add("n", "1");
      assertThat(stored("n").get("v").n()).isEqualTo("1" + "0".repeat(38));
      DynamoDbException refused =
          catchThrowableOfType(DynamoDbException.class, () -> add("n", "0.5"));
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
      assertThat(refused.awsErrorDetails().errorMessage())
          .isEqualTo("Attempting to store more than 38 significant digits in a Number");
      assertThat(stored("n").get("v").n()).isEqualTo("1" + "0".repeat(38));
    }

    @Test
    void updateItem_arithmeticBeyondTheMagnitude_shouldBeRefused_andLeaveTheItemUnchanged() {
      String largest = "9.9999999999999999999999999999999999999E+125";
      put(item("n", "v", AttributeValue.fromN(largest)));
      DynamoDbException refused =
          catchThrowableOfType(DynamoDbException.class, () -> add("n", largest));
      assertThat(refused.awsErrorDetails().errorMessage())
          .isEqualTo(
              "Number overflow. Attempting to store a number with magnitude larger than supported"
                  + " range");
      assertThat(new java.math.BigDecimal(stored("n").get("v").n())).isEqualByComparingTo(largest);
    }

    private DynamoDbException refusedPut(String number) {
      DynamoDbException refused =
          catchThrowableOfType(
              DynamoDbException.class, () -> put(item("bad", "v", AttributeValue.fromN(number))));
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
      assertThat(stored("bad")).isEmpty();
      return refused;
    }

    private void add(String k, String amount) {
      client.updateItem(
          r ->
              r.tableName(table)
                  .key(key(k))
                  .updateExpression("SET v = v + :x")
                  .expressionAttributeValues(Map.of(":x", AttributeValue.fromN(amount))));
    }
  }

  /**
   * Developer Guide, "Quotas": "The maximum item size in DynamoDB is 400 KB, which includes both
   * attribute name binary length (UTF-8 length) and attribute value lengths". The handler matches
   * the two messages below to answer 413.
   */
  @Nested
  @DisplayName("Item size: 400 KB on PutItem and UpdateItem")
  class ItemSize {

    private static final int KB = 1024;

    @Test
    void putItem_overTheLimit_shouldBeRefusedWithDynamoDbsMessage() {
      DynamoDbException refused =
          catchThrowableOfType(
              DynamoDbException.class,
              () -> put(item("big", "blob", AttributeValue.fromS("x".repeat(401 * KB)))));
      assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
      assertThat(refused.awsErrorDetails().errorMessage())
          .isEqualTo("Item size has exceeded the maximum allowed size");
      assertThat(stored("big")).isEmpty();
    }

    @Test
    void updateItem_growingPastTheLimit_shouldBeRefusedWithDynamoDbsMessage() {
      put(item("big", "a", AttributeValue.fromS("x".repeat(300 * KB))));
      DynamoDbException refused =
          catchThrowableOfType(
              DynamoDbException.class,
              () ->
                  client.updateItem(
                      r ->
                          r.tableName(table)
                              .key(key("big"))
                              .updateExpression("SET b = :b")
                              .expressionAttributeValues(
                                  Map.of(":b", AttributeValue.fromS("y".repeat(200 * KB))))));
      assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
      assertThat(refused.awsErrorDetails().errorMessage())
          .isEqualTo("Item size to update has exceeded the maximum allowed size");
      assertThat(stored("big")).doesNotContainKey("b");
    }
  }

  /**
   * API Reference, Scan: "If the total size of scanned items exceeds the maximum dataset size limit
   * of 1 MB, the scan completes and results are returned to the user. The LastEvaluatedKey value is
   * also returned and the requestor can use the LastEvaluatedKey to continue the scan in a
   * subsequent operation"; {@code Limit} is the maximum number of items to evaluate.
   */
  @Test
  void scan_pagedWithLimitAndExclusiveStartKey_shouldReturnEveryItemExactlyOnce() {
    Set<String> written = new HashSet<>();
    for (int i = 0; i < 23; i++) {
      String k = "user-" + i;
      written.add(k);
      put(key(k));
    }
    List<String> seen = new java.util.ArrayList<>();
    Map<String, AttributeValue> start = null;
    int pages = 0;
    do {
      Map<String, AttributeValue> from = start;
      ScanResponse page =
          client.scan(
              r -> r.tableName(table).limit(5).consistentRead(true).exclusiveStartKey(from));
      assertThat(page.count()).isLessThanOrEqualTo(5);
      page.items().forEach(i -> seen.add(i.get("k").s()));
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
      pages++;
    } while (start != null && pages < 100);
    assertThat(seen).hasSize(23).containsExactlyInAnyOrderElementsOf(written);
    assertThat(pages).isBetween(5, 6);
  }

  /**
   * Developer Guide, "Read consistency": "When you request a strongly consistent read, DynamoDB
   * returns a response with the most up-to-date data, reflecting the updates from all prior write
   * operations that were successful".
   */
  @Test
  void consistentReads_shouldSeeEveryAcknowledgedWrite() {
    for (int i = 0; i < 20; i++) {
      put(item("c", "n", AttributeValue.fromN(Integer.toString(i))));
      assertThat(stored("c").get("n").n()).isEqualTo(Integer.toString(i));
    }
    client.deleteItem(r -> r.tableName(table).key(key("c")));
    assertThat(stored("c")).isEmpty();
  }

  /**
   * API Reference, CreateTable: "CreateTable is an asynchronous operation. Upon receiving a
   * CreateTable request, DynamoDB immediately returns a response with a TableStatus of CREATING.
   * After the table is created, DynamoDB sets the TableStatus to ACTIVE".
   */
  @Test
  void createTable_shouldAnswerCreatingOrActive_andBecomeActive() {
    String name = table + "-new";
    TableStatus answered =
        client
            .createTable(
                r ->
                    r.tableName(name)
                        .keySchema(
                            KeySchemaElement.builder().attributeName("k").keyType("HASH").build())
                        .attributeDefinitions(
                            AttributeDefinition.builder()
                                .attributeName("k")
                                .attributeType("S")
                                .build())
                        .billingMode("PAY_PER_REQUEST"))
            .tableDescription()
            .tableStatus();
    assertThat(answered).isIn(TableStatus.CREATING, TableStatus.ACTIVE);
    Engines.awaitActive(client, name);
    assertThat(client.describeTable(r -> r.tableName(name)).table().tableStatus())
        .isEqualTo(TableStatus.ACTIVE);
    put(key("after-active"));
  }

  /**
   * Developer Guide, "Supported data types and naming rules", Map: names of map elements are
   * strings; DynamoDB stores and returns them as written. Keys that are special in JavaScript
   * ({@code __proto__}, {@code constructor}) are ordinary keys to DynamoDB.
   */
  @Test
  void nestedMapKeys_shouldRoundTripExactly_includingJavaScriptSpecialNames() {
    Map<String, AttributeValue> inner = new LinkedHashMap<>();
    for (String k :
        List.of(
            "__proto__",
            "constructor",
            "prototype",
            "toString",
            "hasOwnProperty",
            "a.b",
            "#x",
            ":y",
            "ünïcödé",
            "emoji \uD83D\uDE00",
            " spaced ")) {
      inner.put(k, AttributeValue.fromS("value of " + k));
    }
    Map<String, AttributeValue> deeper =
        Map.of("__proto__", AttributeValue.fromM(Map.of("__proto__", AttributeValue.fromN("1"))));
    Map<String, AttributeValue> written = new HashMap<>(key("m"));
    written.put("prefs", AttributeValue.fromM(inner));
    written.put("deep", AttributeValue.fromM(deeper));
    put(written);
    assertThat(stored("m")).isEqualTo(written);

    client.updateItem(
        r ->
            r.tableName(table)
                .key(key("m"))
                .updateExpression("SET prefs = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromM(inner))));
    assertThat(stored("m").get("prefs").m()).isEqualTo(inner);
  }

  /**
   * Known differences that the handler does not rely on, listed in the README ("The local engine
   * and DynamoDB"). Pinned so that an engine upgrade that changes them is noticed.
   */
  @Nested
  @DisplayName("Known differences from DynamoDB (README), pinned")
  class KnownDifferences {

    @Test
    void transactions_areNotImplemented() {
      DynamoDbException refused =
          catchThrowableOfType(
              DynamoDbException.class,
              () ->
                  client.transactWriteItems(
                      r ->
                          r.transactItems(
                              software.amazon.awssdk.services.dynamodb.model.TransactWriteItem
                                  .builder()
                                  .put(
                                      software.amazon.awssdk.services.dynamodb.model.Put.builder()
                                          .tableName(table)
                                          .item(key("t"))
                                          .build())
                                  .build())));
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
      assertThat(stored("t")).isEmpty();
    }

    @Test
    void requestSignatures_areNotChecked() {
      try (DynamoDbClient wrongKeys =
          DynamoDbClient.builder()
              .endpointOverride(engine.endpoint())
              .region(software.amazon.awssdk.regions.Region.EU_WEST_1)
              .credentialsProvider(
                  software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                      software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                          "not-a-key", "not-a-secret")))
              .httpClient(
                  software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
              .build()) {
        assertThat(wrongKeys.listTables().tableNames()).contains(table);
      }
    }
  }
}
