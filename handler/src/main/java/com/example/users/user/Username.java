package com.example.users.user;

import java.util.regex.Pattern;

/**
 * The rule for usernames: 1 to 64 characters of lower-case ASCII letters, digits, {@code .}, {@code
 * _} and {@code -}, starting with a letter or digit.
 *
 * <p>ASCII only, on purpose: it rules out look-alike (homoglyph) names, Unicode normalisation
 * ambiguities and names that need escaping in URLs, logs or shells. The same rule applies to the
 * body's {@code username} and to the percent-decoded path segment, so both forms agree.
 */
public final class Username {

  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private Username() {}

  /**
   * Checks a username.
   *
   * @return the username, unchanged
   * @throws UserException of kind INVALID saying what is wrong
   */
  public static String validate(String username) {
    if (username.isEmpty()) {
      throw UserException.invalid("username must not be empty.");
    }
    if (username.length() > Limits.MAX_USERNAME_LENGTH) {
      throw UserException.invalid(
          "username is "
              + username.length()
              + " characters long; the limit is "
              + Limits.MAX_USERNAME_LENGTH
              + ".");
    }
    if (!VALID.matcher(username).matches()) {
      throw UserException.invalid(
          "username must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter"
              + " or digit (lower-case ASCII only).");
    }
    return username;
  }
}
