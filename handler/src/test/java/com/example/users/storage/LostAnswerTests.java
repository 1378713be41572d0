package com.example.users.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.example.users.config.HandlerConfig;
import com.example.users.testing.ScriptedHttpServer;
import com.example.users.testing.ScriptedHttpServer.Reply;
import com.example.users.user.UserException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A delete whose answer is lost on the connection (a reset after DynamoDB read it) is sent again by
 * the SDK, which finds the user gone: "gone" cannot tell this delete's work from another's, so the
 * repository reports the documented 504, never a 404 or a guessed 204. This holds only because the
 * HTTP client does not re-send the request by itself (the SDK turns the Apache client's retries
 * off): a re-send the SDK does not know of would look like a first attempt, and the answer would be
 * 404. Each delete follows a read on the same kept-alive connection, as on a warm function.
 */
class LostAnswerTests {

  private static final String CONDITION_FAILED =
      "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\","
          + "\"message\":\"The conditional request failed\"}";

  private static UserTable repository(ScriptedHttpServer dynamoDb) {
    HandlerConfig config = HandlerConfig.of("users", "us-east-1", Optional.of(dynamoDb.uri()));
    DynamoDbClient client =
        DynamoDbClients.create(config, DynamoDbClients.localCredentials(), List.of());
    return new UserTable(client, "users", config.attemptTimeout());
  }

  /** Request 0, a read, finds nothing; then the script's answers to the delete. */
  private static Reply afterARead(int i, Reply... delete) {
    return i == 0 ? Reply.ok("{}") : delete[Math.min(i - 1, delete.length - 1)];
  }

  @Test
  void aDeleteWhoseAnswerWasLost_isReportedAsMayHaveApplied() throws Exception {
    try (ScriptedHttpServer dynamoDb =
        new ScriptedHttpServer(
            i -> afterARead(i, Reply.reset(), Reply.status(400, CONDITION_FAILED)))) {
      UserTable users = repository(dynamoDb);
      assertThat(users.get("alice")).isEmpty();
      StorageException e =
          catchThrowableOfType(
              StorageException.class, () -> users.delete("alice", OptionalLong.empty()));

      assertThat(e.reason()).isEqualTo(StorageException.Reason.TIMEOUT);
      assertThat(dynamoDb.received()).hasSize(3);
      assertThat(dynamoDb.received().subList(1, 3))
          .allSatisfy(
              r ->
                  assertThat(r.headers())
                      .containsEntry("X-Amz-Target", "DynamoDB_20120810.DeleteItem"));
    }
  }

  @Test
  void aDeleteAnsweredOnce_thatFindsNoUser_isA404() throws Exception {
    // The control: the same condition failure on a first attempt is the plain "no such user".
    try (ScriptedHttpServer dynamoDb =
        new ScriptedHttpServer(i -> afterARead(i, Reply.status(400, CONDITION_FAILED)))) {
      UserTable users = repository(dynamoDb);
      assertThat(users.get("alice")).isEmpty();
      UserException e =
          catchThrowableOfType(
              UserException.class, () -> users.delete("alice", OptionalLong.empty()));
      assertThat(e.kind()).isEqualTo(UserException.Kind.NOT_FOUND);
      assertThat(dynamoDb.received()).hasSize(2);
    }
  }
}
