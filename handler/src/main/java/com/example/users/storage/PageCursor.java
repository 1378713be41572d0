package com.example.users.storage;

import com.example.users.user.UserException;
import com.example.users.user.UserRules;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;

/**
 * The opaque {@code cursor} of {@code GET /users}: the last username of a page, versioned and
 * check-summed so that truncated or foreign cursors are refused with a 400 rather than silently
 * restarting the listing. It is not a secret: anyone may list users, so a hand-made cursor only
 * starts a listing at a name of its maker's choosing.
 */
final class PageCursor {

  private static final String PREFIX = "u1:";

  private PageCursor() {}

  static String encode(String lastUsername) {
    String text = PREFIX + lastUsername + ":" + checksum(lastUsername);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Decodes a cursor.
   *
   * @return the username to continue after
   * @throws UserException of kind INVALID if the cursor is not one this API issued
   */
  static String decode(String cursor) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    int sep = text.lastIndexOf(':');
    if (!text.startsWith(PREFIX) || sep <= PREFIX.length()) {
      throw invalid();
    }
    String username = text.substring(PREFIX.length(), sep);
    if (!text.substring(sep + 1).equals(checksum(username))) {
      throw invalid();
    }
    try {
      return UserRules.username(username);
    } catch (UserException e) {
      throw invalid();
    }
  }

  private static String checksum(String username) {
    CRC32 crc = new CRC32();
    crc.update(username.getBytes(StandardCharsets.UTF_8));
    return Long.toHexString(crc.getValue());
  }

  private static UserException invalid() {
    return UserException.invalid(
        "cursor is not valid: pass back the nextCursor of a previous page unchanged.");
  }
}
