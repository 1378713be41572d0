package com.example.users.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.users.user.UserException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PageCursorTests {

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void cursor_shouldRoundTrip() {
    assertThat(PageCursor.decode(PageCursor.encode("john.doe"))).isEqualTo("john.doe");
  }

  @Test
  void cursor_shouldRefuseTamperedTruncatedAndForeignValues() {
    String good = PageCursor.encode("john");
    for (String bad :
        new String[] {
          good.substring(0, good.length() - 2),
          good + "A",
          "!!!",
          b64("u1:john:0"),
          b64("u1:jane:" + good),
          b64("{\"username\":{\"S\":\"john\"}}"),
          b64("u1::0"),
          b64("u2:john:abc"),
          b64("u1:JOHN:" + Long.toHexString(0)),
        }) {
      assertThatThrownBy(() -> PageCursor.decode(bad))
          .as(bad)
          .hasMessageContaining("cursor is not valid");
    }
  }

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
}
