package com.example.users.local;

/**
 * RFC 3986 syntax of a request target's path and query, checked at local mode's edge so that a
 * target no URI parser accepts (a malformed {@code %} escape, a raw NUL, {@code |}, a space) gets
 * API Gateway's JSON {@code 400} instead of reaching the handler. Raw non-ASCII characters pass:
 * API Gateway accepts them and hands the handler the path re-encoded as UTF-8.
 */
final class RequestTargets {

  private static final String SUB_DELIMS = "!$&'()*+,;=";

  private RequestTargets() {}

  /** Whether the raw path (starting with {@code /}) and raw query (may be empty) are valid. */
  static boolean isValid(String rawPath, String rawQuery) {
    return rawPath != null
        && rawPath.startsWith("/")
        && valid(rawPath, "/")
        && (rawQuery == null || valid(rawQuery, "/?"));
  }

  private static boolean valid(String text, String extra) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length()
            || Character.digit(text.charAt(i + 1), 16) < 0
            || Character.digit(text.charAt(i + 2), 16) < 0) {
          return false;
        }
        i += 2;
      } else if (!(isPchar(c) || extra.indexOf(c) >= 0 || c >= 0x80)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isPchar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~'
        || c == ':'
        || c == '@'
        || SUB_DELIMS.indexOf(c) >= 0;
  }
}
