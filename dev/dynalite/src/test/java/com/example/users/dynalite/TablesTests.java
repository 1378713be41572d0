package com.example.users.dynalite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

class TablesTests {

  @Test
  void createIfAbsent_shouldSayWhetherItCreatedTheTable_andLeaveItActive() {
    try (Dynalite engine = Dynalite.startInMemory();
        DynamoDbClient client = Engines.client(engine)) {
      assertThat(Tables.createIfAbsent(client, "users", "username")).isTrue();
      assertThat(Tables.createIfAbsent(client, "users", "username")).isFalse();

      TableDescription table = client.describeTable(r -> r.tableName("users")).table();
      assertThat(table.tableStatus()).isEqualTo(TableStatus.ACTIVE);
      assertThat(table.keySchema())
          .singleElement()
          .satisfies(
              k -> {
                assertThat(k.attributeName()).isEqualTo("username");
                assertThat(k.keyType()).isEqualTo(KeyType.HASH);
              });
    }
  }
}
