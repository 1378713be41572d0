package com.example.users.storage;

import com.example.users.user.User;
import com.example.users.user.UserAttributes;
import com.example.users.user.UserAttributes.Changes;
import com.example.users.user.UserAttributes.NewUser;
import com.example.users.user.UserException;
import com.google.gson.JsonElement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The one class that speaks DynamoDB. Every operation is exactly one request: writes carry a
 * condition expression ({@code attribute_not_exists} / {@code attribute_exists}, plus the expected
 * version for {@code If-Match}) instead of a read before the write, so concurrent requests cannot
 * race. When a condition fails, {@code ReturnValuesOnConditionCheckFailure=ALL_OLD} tells "absent"
 * from "another version" without a second request.
 */
public final class UserRepository {

  private static final String KEY = UserTable.PARTITION_KEY;
  private static final String ITEM_TOO_LARGE = "Item size";

  private final DynamoDbClient dynamoDb;
  private final String tableName;

  /** Uses the given client and table. */
  public UserRepository(DynamoDbClient dynamoDb, String tableName) {
    this.dynamoDb = dynamoDb;
    this.tableName = tableName;
  }

  /** A page of users and the cursor of the next page, if any. */
  public record Page(List<User> users, Optional<String> nextCursor) {}

  /**
   * Stores a new user.
   *
   * @throws UserException ALREADY_EXISTS if the name is taken
   */
  public User create(NewUser user, Instant now) {
    Map<String, AttributeValue> item = new HashMap<>();
    user.attributes().forEach((k, v) -> item.put(k, AttributeValues.toAttribute(v)));
    item.put(KEY, AttributeValue.fromS(user.username()));
    item.put(UserAttributes.CREATED_AT, AttributeValue.fromS(now.toString()));
    item.put(UserAttributes.UPDATED_AT, AttributeValue.fromS(now.toString()));
    item.put(UserAttributes.VERSION, AttributeValue.fromN("1"));
    try {
      call(
          () ->
              dynamoDb.putItem(
                  r ->
                      r.tableName(tableName)
                          .item(item)
                          .conditionExpression("attribute_not_exists(#key)")
                          .expressionAttributeNames(Map.of("#key", KEY))
                          .returnValuesOnConditionCheckFailure(
                              ReturnValuesOnConditionCheckFailure.ALL_OLD)));
    } catch (ConditionalCheckFailedException e) {
      // An SDK retry after an attempt that timed out but succeeded finds our own item.
      if (retried(e) && item.equals(e.item())) {
        return toUser(item);
      }
      throw UserException.alreadyExists(user.username());
    }
    return toUser(item);
  }

  /** Reads a user (strongly consistent, so a client reads its own writes). */
  public Optional<User> get(String username) {
    var response =
        call(
            () ->
                dynamoDb.getItem(
                    r ->
                        r.tableName(tableName)
                            .key(Map.of(KEY, AttributeValue.fromS(username)))
                            .consistentRead(true)));
    return response.hasItem() && !response.item().isEmpty()
        ? Optional.of(toUser(response.item()))
        : Optional.empty();
  }

  /**
   * Merges changes into a user: sets the given attributes, removes the others, bumps the version.
   *
   * @param expectedVersion the version {@code If-Match} requires, if any
   * @throws UserException NOT_FOUND, VERSION_MISMATCH, or TOO_LARGE past DynamoDB's item size
   */
  public User update(String username, Changes changes, OptionalLong expectedVersion, Instant now) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    List<String> sets = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, JsonElement> e : changes.set().entrySet()) {
      names.put("#a" + i, e.getKey());
      values.put(":a" + i, AttributeValues.toAttribute(e.getValue()));
      sets.add("#a" + i + " = :a" + i);
      i++;
    }
    List<String> removes = new ArrayList<>();
    for (String name : changes.remove()) {
      names.put("#a" + i, name);
      removes.add("#a" + i);
      i++;
    }
    names.put("#updatedAt", UserAttributes.UPDATED_AT);
    names.put("#version", UserAttributes.VERSION);
    values.put(":now", AttributeValue.fromS(now.toString()));
    values.put(":one", AttributeValue.fromN("1"));
    sets.add("#updatedAt = :now");
    sets.add("#version = #version + :one");
    String update =
        "SET "
            + String.join(", ", sets)
            + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
    String condition = condition(names, values, expectedVersion);
    try {
      var response =
          call(
              () ->
                  dynamoDb.updateItem(
                      r ->
                          r.tableName(tableName)
                              .key(Map.of(KEY, AttributeValue.fromS(username)))
                              .updateExpression(update)
                              .conditionExpression(condition)
                              .expressionAttributeNames(names)
                              .expressionAttributeValues(values)
                              .returnValues(ReturnValue.ALL_NEW)
                              .returnValuesOnConditionCheckFailure(
                                  ReturnValuesOnConditionCheckFailure.ALL_OLD)));
      return toUser(response.attributes());
    } catch (ConditionalCheckFailedException e) {
      // An SDK retry after an attempt that timed out but succeeded sees our own update applied.
      if (retried(e)
          && e.hasItem()
          && expectedVersion.isPresent()
          && String.valueOf(expectedVersion.getAsLong() + 1)
              .equals(e.item().get(UserAttributes.VERSION).n())
          && now.toString().equals(e.item().get(UserAttributes.UPDATED_AT).s())) {
        return toUser(e.item());
      }
      throw conditionFailure(username, e);
    } catch (DynamoDbException e) {
      if (e.statusCode() == 400
          && String.valueOf(e.awsErrorDetails().errorMessage()).contains(ITEM_TOO_LARGE)) {
        throw UserException.tooLarge(
            "The update would make user '"
                + username
                + "' larger than DynamoDB's 400 KB item size limit.");
      }
      throw e;
    }
  }

  /**
   * Deletes a user.
   *
   * @param expectedVersion the version {@code If-Match} requires, if any
   * @throws UserException NOT_FOUND or VERSION_MISMATCH
   */
  public void delete(String username, OptionalLong expectedVersion) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    String condition = condition(names, values, expectedVersion);
    try {
      call(
          () ->
              dynamoDb.deleteItem(
                  r ->
                      r.tableName(tableName)
                          .key(Map.of(KEY, AttributeValue.fromS(username)))
                          .conditionExpression(condition)
                          .expressionAttributeNames(names)
                          .expressionAttributeValues(values.isEmpty() ? null : values)
                          .returnValuesOnConditionCheckFailure(
                              ReturnValuesOnConditionCheckFailure.ALL_OLD)));
    } catch (ConditionalCheckFailedException e) {
      // A retry that finds nothing after an attempt that timed out: that attempt deleted it.
      if (retried(e) && (!e.hasItem() || e.item().isEmpty())) {
        return;
      }
      throw conditionFailure(username, e);
    }
  }

  /** Whether the SDK sent the request more than once (the first attempt may have succeeded). */
  private static boolean retried(ConditionalCheckFailedException e) {
    Integer attempts = e.numAttempts();
    return attempts != null && attempts > 1;
  }

  /**
   * Lists users in storage order, one scan request per page.
   *
   * @param limit the most users to return (DynamoDB also stops at 1 MB)
   * @param cursor a {@code nextCursor} from a previous page, if any
   */
  public Page list(int limit, Optional<String> cursor) {
    Optional<String> after = cursor.map(PageCursor::decode);
    ScanResponse response =
        call(
            () ->
                dynamoDb.scan(
                    r -> {
                      r.tableName(tableName).limit(limit);
                      after.ifPresent(
                          u -> r.exclusiveStartKey(Map.of(KEY, AttributeValue.fromS(u))));
                    }));
    List<User> users = response.items().stream().map(UserRepository::toUser).toList();
    Optional<String> next =
        response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
            ? Optional.of(PageCursor.encode(response.lastEvaluatedKey().get(KEY).s()))
            : Optional.empty();
    return new Page(users, next);
  }

  private static String condition(
      Map<String, String> names, Map<String, AttributeValue> values, OptionalLong expected) {
    names.put("#key", KEY);
    if (expected.isEmpty()) {
      return "attribute_exists(#key)";
    }
    names.put("#version", UserAttributes.VERSION);
    values.put(":expected", AttributeValue.fromN(Long.toString(expected.getAsLong())));
    return "attribute_exists(#key) AND #version = :expected";
  }

  private static UserException conditionFailure(
      String username, ConditionalCheckFailedException e) {
    if (!e.hasItem() || e.item().isEmpty()) {
      return UserException.notFound(username);
    }
    long actual = Long.parseLong(e.item().get(UserAttributes.VERSION).n());
    return UserException.versionMismatch(username, actual);
  }

  private static User toUser(Map<String, AttributeValue> item) {
    Map<String, JsonElement> attributes = new LinkedHashMap<>();
    item.forEach(
        (k, v) -> {
          if (!k.equals(KEY)
              && !k.equals(UserAttributes.CREATED_AT)
              && !k.equals(UserAttributes.UPDATED_AT)
              && !k.equals(UserAttributes.VERSION)) {
            attributes.put(k, AttributeValues.toJson(v));
          }
        });
    return new User(
        item.get(KEY).s(),
        attributes,
        item.get(UserAttributes.CREATED_AT).s(),
        item.get(UserAttributes.UPDATED_AT).s(),
        Long.parseLong(item.get(UserAttributes.VERSION).n()));
  }

  /**
   * Runs one DynamoDB call, turning retryable failures into {@link StorageException}. Condition
   * failures and other service errors pass through for the caller to interpret.
   */
  private static <T> T call(Supplier<T> request) {
    try {
      return request.get();
    } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
      throw new StorageException(StorageException.Reason.TIMEOUT, "DynamoDB call timed out", e);
    } catch (ConditionalCheckFailedException e) {
      throw e;
    } catch (SdkServiceException e) {
      if (e.isThrottlingException() || e.statusCode() >= 500) {
        throw new StorageException(
            StorageException.Reason.UNAVAILABLE, "DynamoDB throttled or failed", e);
      }
      throw e;
    } catch (SdkClientException e) {
      throw new StorageException(
          StorageException.Reason.UNAVAILABLE, "DynamoDB unreachable: " + e.getMessage(), e);
    }
  }
}
