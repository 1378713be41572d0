package com.example.users.priming;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.config.HandlerConfig;
import com.example.users.storage.DynamoDbClients;
import com.example.users.testing.ScriptedHttpServer;
import com.example.users.testing.ScriptedHttpServer.Reply;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Priming's handshake reads: each goes on a connection of its own, so each pays a handshake. */
class NewConnectionPerRequestTests {

  private static void read(DynamoDbClient client, int i) {
    client.getItem(
        b -> b.tableName("users").key(Map.of("username", AttributeValue.fromS("u" + i))));
  }

  @Test
  void eachRequest_shouldOpenANewConnection_whereWithoutItOneIsKept() throws Exception {
    HandlerConfig config;
    try (ScriptedHttpServer server = new ScriptedHttpServer(i -> Reply.ok("{}"))) {
      config = HandlerConfig.of("users", "us-east-1", Optional.of(server.uri()));
      try (DynamoDbClient client =
          DynamoDbClients.create(
              config, DynamoDbClients.localCredentials(), List.of(new NewConnectionPerRequest()))) {
        for (int i = 0; i < 3; i++) {
          read(client, i);
        }
      }
      assertThat(server.received())
          .hasSize(3)
          .allSatisfy(r -> assertThat(r.headers()).containsEntry("Connection", "close"));
      assertThat(server.connections()).isEqualTo(3);
    }

    // The control: the handler's own client keeps one connection for all three.
    try (ScriptedHttpServer server = new ScriptedHttpServer(i -> Reply.ok("{}"));
        DynamoDbClient client =
            DynamoDbClients.create(
                HandlerConfig.of("users", "us-east-1", Optional.of(server.uri())),
                DynamoDbClients.localCredentials(),
                List.of())) {
      for (int i = 0; i < 3; i++) {
        read(client, i);
      }
      assertThat(server.connections()).isEqualTo(1);
    }
  }
}
