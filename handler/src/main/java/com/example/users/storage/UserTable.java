package com.example.users.storage;

import com.example.users.user.Changes;
import com.example.users.user.NewUser;
import com.example.users.user.User;
import com.example.users.user.UserException;
import com.google.gson.JsonElement;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
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
 * The users table: its key schema, the actions the handler uses (shared with the infrastructure
 * program that provisions the table and grants them), and the one class that speaks DynamoDB. Every
 * operation is exactly one request: writes carry a condition expression ({@code
 * attribute_not_exists} / {@code attribute_exists}, plus the expected version for {@code If-Match})
 * instead of a read before the write, so concurrent requests cannot race. When a condition fails,
 * {@code ReturnValuesOnConditionCheckFailure=ALL_OLD} tells "absent" from "another version" without
 * a second request.
 *
 * <p>A write never reports an outcome it cannot prove. The SDK may send a write again after an
 * attempt whose answer was lost (a connection reset, a 500); the first attempt may then have
 * applied. Creates and updates therefore store a random {@linkplain #WRITE_TOKEN write token},
 * never shown to clients, and an update's condition requires the stored token to differ from its
 * own: when a re-sent write fails its condition and the stored item carries this write's token, the
 * earlier attempt applied and the write reports its own success, with exactly one version step. Any
 * other condition failure after a re-sent attempt (a delete that finds the user gone, above all)
 * cannot tell "mine" from "someone else's" and ends as a time-out ({@code 504}: the write may have
 * applied). A write's single attempt may use the whole time budget, so a slow DynamoDB is waited
 * for rather than sent the same write again.
 *
 * <p>Items written by other tools without the server-owned fields read with {@code version} 0 and
 * {@code null} timestamps; the first update sets {@code version} to 1 and {@code updatedAt}.
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

  /**
   * The attribute that holds the token of the last create or update. Its leading underscore makes
   * it a name no client attribute can have (client names start with a letter).
   */
  public static final String WRITE_TOKEN = "_writeToken";

  private static final String KEY = PARTITION_KEY;
  private static final String ITEM_TOO_LARGE = "Item size";

  /**
   * Snapshot-safe: the JDK's SecureRandom reads fresh entropy from the operating system, so
   * instances restored from one SnapStart snapshot do not repeat each other's tokens.
   */
  private static final SecureRandom TOKENS = new SecureRandom();

  private final DynamoDbClient dynamoDb;
  private final String tableName;
  private final Duration attemptTimeout;
  private final Optional<Duration> budget;
  private final AwsRequestOverrideConfiguration readConfiguration;
  private final AwsRequestOverrideConfiguration writeConfiguration;

  /**
   * The repository {@link #within} returned last. The budget is the same for most requests (the
   * configured call time-out, whenever the invocation has more time left than that), and building
   * the override configurations afresh for each call is measurable in the handler's own time.
   */
  private volatile UserTable lastWithin;

  /**
   * Uses the given client and table, with the client's own time-outs.
   *
   * @param attemptTimeout the longest a read's attempt may take; a write's single attempt may take
   *     the whole call budget
   */
  public UserTable(DynamoDbClient dynamoDb, String tableName, Duration attemptTimeout) {
    this(dynamoDb, tableName, attemptTimeout, Optional.empty());
  }

  private UserTable(
      DynamoDbClient dynamoDb,
      String tableName,
      Duration attemptTimeout,
      Optional<Duration> budget) {
    this.dynamoDb = dynamoDb;
    this.tableName = tableName;
    this.attemptTimeout = attemptTimeout;
    this.budget = budget;
    // A budget already spent fails each call before it is sent (see call): no time-outs to set.
    Optional<Duration> timeouts = budget.filter(d -> !d.isNegative() && !d.isZero());
    this.readConfiguration = read(timeouts, attemptTimeout);
    this.writeConfiguration = write(timeouts);
  }

  /**
   * The same repository with every call bounded by the given time, retries included (for example
   * what is left of the Lambda invocation). A budget of zero or less fails each call at once with a
   * {@link StorageException.Reason#TIMEOUT}, without calling DynamoDB.
   */
  public UserTable within(Duration callBudget) {
    UserTable last = lastWithin;
    if (last != null && last.budget.orElseThrow().equals(callBudget)) {
      return last;
    }
    last = new UserTable(dynamoDb, tableName, attemptTimeout, Optional.of(callBudget));
    lastWithin = last;
    return last;
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
    AttributeValue timestamp = AttributeValue.fromS(now.toString());
    item.put(User.CREATED_AT, timestamp);
    item.put(User.UPDATED_AT, timestamp);
    item.put(User.VERSION, AttributeValue.fromN("1"));
    String token = newToken();
    item.put(WRITE_TOKEN, AttributeValue.fromS(token));
    try {
      call(
          () ->
              dynamoDb.putItem(
                  r ->
                      r.tableName(tableName)
                          .overrideConfiguration(write())
                          .item(item)
                          .conditionExpression("attribute_not_exists(#key)")
                          .expressionAttributeNames(Map.of("#key", KEY))
                          .returnValuesOnConditionCheckFailure(
                              ReturnValuesOnConditionCheckFailure.ALL_OLD)));
    } catch (ConditionalCheckFailedException e) {
      if (carries(e, token)) {
        return toUser(e.item()); // a re-sent create that meets the item its first attempt wrote
      }
      if (retried(e)) {
        throw outcomeUnknown("create", e);
      }
      throw UserException.alreadyExists(user.username());
    }
    // What was just written, without reading the item back from its attribute values: the
    // attributes are already in their stored (normalised) form.
    return new User(user.username(), user.attributes(), timestamp.s(), timestamp.s(), 1);
  }

  /** Reads a user (strongly consistent, so a client reads its own writes). */
  public Optional<User> get(String username) {
    var response =
        call(
            () ->
                dynamoDb.getItem(
                    r ->
                        r.tableName(tableName)
                            .overrideConfiguration(read())
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
    String token = newToken();
    names.put("#updatedAt", User.UPDATED_AT);
    names.put("#version", User.VERSION);
    names.put("#token", WRITE_TOKEN);
    values.put(":now", AttributeValue.fromS(now.toString()));
    values.put(":zero", AttributeValue.fromN("0"));
    values.put(":one", AttributeValue.fromN("1"));
    values.put(":token", AttributeValue.fromS(token));
    sets.add("#updatedAt = :now");
    sets.add("#version = if_not_exists(#version, :zero) + :one");
    sets.add("#token = :token");
    String update =
        "SET "
            + String.join(", ", sets)
            + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
    // The token condition makes a re-sent update fail where its first attempt applied.
    String condition =
        condition(names, values, expectedVersion)
            + " AND (attribute_not_exists(#token) OR #token <> :token)";
    try {
      var response =
          call(
              () ->
                  dynamoDb.updateItem(
                      r ->
                          r.tableName(tableName)
                              .overrideConfiguration(write())
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
      if (carries(e, token)) {
        return toUser(e.item()); // a re-sent update that meets its first attempt's update
      }
      if (retried(e)) {
        throw outcomeUnknown("update", e);
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
                          .overrideConfiguration(write())
                          .key(Map.of(KEY, AttributeValue.fromS(username)))
                          .conditionExpression(condition)
                          .expressionAttributeNames(names)
                          .expressionAttributeValues(values.isEmpty() ? null : values)
                          .returnValuesOnConditionCheckFailure(
                              ReturnValuesOnConditionCheckFailure.ALL_OLD)));
    } catch (ConditionalCheckFailedException e) {
      // After a re-sent attempt, "gone" may be this delete's own work or another's: unprovable.
      if (retried(e)) {
        throw outcomeUnknown("delete", e);
      }
      throw conditionFailure(username, e);
    }
  }

  /** Whether the SDK sent the request more than once (the first attempt may have applied). */
  private static boolean retried(ConditionalCheckFailedException e) {
    Integer attempts = e.numAttempts();
    return attempts != null && attempts > 1;
  }

  /** Whether the item the condition failed on was written by the write with this token. */
  private static boolean carries(ConditionalCheckFailedException e, String token) {
    if (!e.hasItem()) {
      return false;
    }
    AttributeValue stored = e.item().get(WRITE_TOKEN);
    return stored != null && token.equals(stored.s());
  }

  private static StorageException outcomeUnknown(String operation, Throwable cause) {
    return new StorageException(
        StorageException.Reason.TIMEOUT,
        "DynamoDB "
            + operation
            + " was sent again after an attempt without an answer and met a condition failure"
            + " that does not prove which attempt applied",
        cause);
  }

  private static String newToken() {
    byte[] bytes = new byte[16];
    TOKENS.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private AwsRequestOverrideConfiguration read() {
    return readConfiguration;
  }

  private AwsRequestOverrideConfiguration write() {
    return writeConfiguration;
  }

  /** A read: attempts of {@code attemptTimeout}, retried, inside the budget. */
  private static AwsRequestOverrideConfiguration read(
      Optional<Duration> budget, Duration attemptTimeout) {
    AwsRequestOverrideConfiguration.Builder b = AwsRequestOverrideConfiguration.builder();
    budget.ifPresent(
        d ->
            b.apiCallTimeout(d)
                .apiCallAttemptTimeout(d.compareTo(attemptTimeout) < 0 ? d : attemptTimeout));
    return b.build();
  }

  /**
   * A write: its one attempt may take the whole budget, so that a slow answer is awaited instead of
   * sending the same write again while the first may still apply. Retries still follow throttling,
   * refused connections and lost answers.
   */
  private static AwsRequestOverrideConfiguration write(Optional<Duration> budget) {
    AwsRequestOverrideConfiguration.Builder b = AwsRequestOverrideConfiguration.builder();
    budget.ifPresent(d -> b.apiCallTimeout(d).apiCallAttemptTimeout(d));
    return b.build();
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
                      r.tableName(tableName).overrideConfiguration(read()).limit(limit);
                      after.ifPresent(
                          u -> r.exclusiveStartKey(Map.of(KEY, AttributeValue.fromS(u))));
                    }));
    List<User> users = response.items().stream().map(UserTable::toUser).toList();
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
    names.put("#version", User.VERSION);
    values.put(":expected", AttributeValue.fromN(Long.toString(expected.getAsLong())));
    return "attribute_exists(#key) AND #version = :expected";
  }

  private static UserException conditionFailure(
      String username, ConditionalCheckFailedException e) {
    if (!e.hasItem() || e.item().isEmpty()) {
      return UserException.notFound(username);
    }
    return UserException.versionMismatch(username, version(e.item()));
  }

  private static User toUser(Map<String, AttributeValue> item) {
    Map<String, JsonElement> attributes = new LinkedHashMap<>();
    item.forEach(
        (k, v) -> {
          if (!k.equals(KEY)
              && !k.equals(User.CREATED_AT)
              && !k.equals(User.UPDATED_AT)
              && !k.equals(User.VERSION)
              && !k.equals(WRITE_TOKEN)) {
            attributes.put(k, AttributeValues.toJson(v));
          }
        });
    return new User(
        item.get(KEY).s(),
        attributes,
        text(item, User.CREATED_AT),
        text(item, User.UPDATED_AT),
        version(item));
  }

  /** A stored timestamp, or null if the item has none (written by another tool). */
  private static String text(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  /** The stored version, or 0 if the item has none (written by another tool). */
  private static long version(Map<String, AttributeValue> item) {
    AttributeValue value = item.get(User.VERSION);
    return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
  }

  /**
   * Runs one DynamoDB call, turning retryable failures into {@link StorageException}. Condition
   * failures and other service errors pass through for the caller to interpret.
   */
  private <T> T call(Supplier<T> request) {
    if (budget.isPresent() && (budget.get().isNegative() || budget.get().isZero())) {
      throw new StorageException(
          StorageException.Reason.TIMEOUT, "No time left in the invocation for DynamoDB", null);
    }
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
