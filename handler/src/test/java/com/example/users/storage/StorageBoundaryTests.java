package com.example.users.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.users.config.HandlerConfig;
import com.example.users.testing.DynamoDbLocalExtension;
import com.example.users.testing.LocalDynamoDb;
import com.example.users.user.UserException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Cursor forgeries and the table set-up that local mode and tests rely on. */
@ExtendWith(DynamoDbLocalExtension.class)
class StorageBoundaryTests {

  private static String cursor(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void cursors_shouldBeRefused_whenForgedWithoutTheirChecksum_orWithoutAName() {
    String genuine = PageCursor.encode("alice");
    assertThat(PageCursor.decode(genuine)).isEqualTo("alice");
    String text = new String(Base64.getUrlDecoder().decode(genuine), StandardCharsets.UTF_8);
    String prefix = text.substring(0, text.indexOf("alice"));
    // A forger who leaves the checksum empty, or who has no name to give.
    assertThatThrownBy(() -> PageCursor.decode(cursor(prefix + "bob:")))
        .isInstanceOf(UserException.class);
    assertThatThrownBy(() -> PageCursor.decode(cursor(prefix + ":0")))
        .isInstanceOf(UserException.class);
  }

  @Test
  void createIfAbsent_shouldSayWhetherItCreatedTheTable(HandlerConfig config) {
    try (var client = LocalDynamoDb.client(config)) {
      assertThat(UserTable.createIfAbsent(client, config.tableName())).isFalse();
      assertThat(UserTable.createIfAbsent(client, config.tableName() + "-new")).isTrue();
      assertThat(UserTable.createIfAbsent(client, config.tableName() + "-new")).isFalse();
    }
  }
}
