package com.example.users.dynamodblocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class EmbeddedDynamoDbTests {

  private static DynamoDbClient client(EmbeddedDynamoDb db) {
    return DynamoDbClient.builder()
        .endpointOverride(db.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private static void createTable(DynamoDbClient c, String name) {
    c.createTable(
        r ->
            r.tableName(name)
                .keySchema(KeySchemaElement.builder().attributeName("k").keyType("HASH").build())
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("k")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .billingMode("PAY_PER_REQUEST"));
  }

  @Test
  void startInMemory_shouldServeDynamoDb_andReleaseThePortOnClose() throws Exception {
    EmbeddedDynamoDb db = EmbeddedDynamoDb.startInMemory();
    int port = db.port();
    try (DynamoDbClient c = client(db)) {
      assertThat(db.endpoint().toString()).isEqualTo("http://127.0.0.1:" + port);
      createTable(c, "things");
      assertThat(c.listTables().tableNames()).containsExactly("things");
    } finally {
      db.close();
    }
    db.close(); // a second close is harmless
    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void start_withADataDirectory_shouldKeepTablesAcrossRestarts(@TempDir Path dir) {
    try (EmbeddedDynamoDb db = EmbeddedDynamoDb.start(Optional.of(dir.resolve("data")), 0);
        DynamoDbClient c = client(db)) {
      createTable(c, "kept");
    }
    try (EmbeddedDynamoDb db = EmbeddedDynamoDb.start(Optional.of(dir.resolve("data")), 0);
        DynamoDbClient c = client(db)) {
      assertThat(c.listTables().tableNames()).containsExactly("kept");
    }
  }

  @Test
  void start_onATakenPort_shouldSaySo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> EmbeddedDynamoDb.start(Optional.empty(), taken.getLocalPort()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("did not start on port " + taken.getLocalPort());
    }
  }

  @Test
  void nativeFileName_shouldMatchTheBundledLibraries() {
    String name = EmbeddedDynamoDb.Natives.nativeFileName();
    assertThat(EmbeddedDynamoDb.class.getResource("native/" + name)).as(name).isNotNull();
  }
}
