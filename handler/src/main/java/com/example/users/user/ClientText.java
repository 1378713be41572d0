package com.example.users.user;

/**
 * Makes text a client sent safe to repeat in an error message: at most a given number of code
 * points (then {@code ...}), and every control character (C0, DEL, C1) and unpaired surrogate
 * written as a {@code \\uXXXX} escape, so that a message never carries raw terminal escapes, line
 * breaks that forge log lines, or invalid UTF-16 into the JSON problem or a log.
 */
public final class ClientText {

  private ClientText() {}

  /**
   * The text, shortened and escaped.
   *
   * @param maxCodePoints how many code points to keep before cutting
   */
  public static String excerpt(String text, int maxCodePoints) {
    StringBuilder sb = new StringBuilder(Math.min(text.length(), maxCodePoints) + 8);
    int kept = 0;
    int i = 0;
    while (i < text.length()) {
      if (kept == maxCodePoints) {
        return sb.append("...").toString();
      }
      int cp = text.codePointAt(i);
      // codePointAt gives a lone surrogate as itself (U+D800-U+DFFF); a pair is one code point
      // above U+FFFF, which must be compared whole, never cut to a char (U+1D800 is no surrogate).
      if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0xd800 && cp <= 0xdfff)) {
        sb.append(String.format("\\u%04x", cp));
      } else {
        sb.appendCodePoint(cp);
      }
      kept++;
      i += Character.charCount(cp);
    }
    return sb.toString();
  }
}
