package com.example.users.user;

import static com.example.users.user.User.CREATED_AT;
import static com.example.users.user.User.UPDATED_AT;
import static com.example.users.user.User.USERNAME;
import static com.example.users.user.User.VERSION;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.internal.LazilyParsedNumber;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validation rules of the user API, in one place: what a client may send, and the message each
 * broken rule answers (a 400, or a 413 past the body size). The HTTP edge and storage call these;
 * none of them holds a rule of its own.
 *
 * <ul>
 *   <li>Usernames: see {@link #username}; the body's {@code username} and the path's alike.
 *   <li>Top-level attribute names: 1-64 characters, a letter then letters, digits, {@code _} or
 *       {@code -}.
 *   <li>Server-owned names ({@code username} after create, {@code createdAt}, {@code updatedAt},
 *       {@code version}) are refused with a 400 naming the field.
 *   <li>Nested object keys: 1-255 characters, no control characters.
 *   <li>Values: any JSON. Numbers are kept exactly up to DynamoDB's 38 significant digits and
 *       magnitudes 1E-130 to under 1E+126, and normalised as DynamoDB does (trailing zeros and
 *       exponents dropped: {@code 1.50} is stored as {@code 1.5}, {@code 1e3} as {@code 1000}).
 *       Strings must be valid Unicode (no lone surrogates).
 *   <li>A top-level JSON {@code null} means "no such attribute": ignored on create, removes the
 *       attribute on update. Nested nulls are kept.
 *   <li>Rules for one named attribute (an optional {@code phone} in E.164, say): {@link
 *       #ATTRIBUTE_RULES}, the place to add one.
 *   <li>Sizes: the body ({@link #MAX_BODY_BYTES}), its nesting ({@link #MAX_DEPTH}), the attributes
 *       per request ({@link #MAX_ATTRIBUTES}), and the query of {@code GET /users} ({@link
 *       #listQuery}).
 * </ul>
 */
public final class UserRules {

  private static final Set<String> SERVER_OWNED = Set.of(CREATED_AT, UPDATED_AT, VERSION);
  private static final Pattern USERNAME_PATTERN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern PAGE_SIZE = Pattern.compile("[0-9]{1,4}");
  private static final Set<String> LIST_PARAMETERS = Set.of("limit", "cursor");
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
  private static final BigDecimal MAX_MAGNITUDE = new BigDecimal("1E+126");
  private static final BigDecimal MIN_MAGNITUDE = new BigDecimal("1E-130");

  private UserRules() {}

  // Limits. Each is enforced with a 4xx that names it (docs/openapi.yaml documents them).

  /** Largest request body accepted, in bytes (after base64 decoding). 413 past it. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  /** Most attributes in one request body, server-owned ones excluded. */
  public static final int MAX_ATTRIBUTES = 100;

  /** Longest top-level attribute name, in characters. */
  public static final int MAX_ATTRIBUTE_NAME_LENGTH = 64;

  /** Longest key inside a nested object, in characters. */
  public static final int MAX_NESTED_KEY_LENGTH = 255;

  /** Deepest nesting of objects and arrays; the request body itself is depth 1. */
  public static final int MAX_DEPTH = 16;

  /** Most significant digits DynamoDB keeps in a number. */
  public static final int MAX_NUMBER_DIGITS = 38;

  /** Default page size of {@code GET /users}. */
  public static final int DEFAULT_PAGE_SIZE = 25;

  /** Largest page size of {@code GET /users}. */
  public static final int MAX_PAGE_SIZE = 100;

  /** Shortest and longest username. */
  public static final int MIN_USERNAME_LENGTH = 1;

  /** See {@link #MIN_USERNAME_LENGTH}. */
  public static final int MAX_USERNAME_LENGTH = 64;

  /**
   * A rule for the value of one named attribute, beyond the rules every value follows: it throws a
   * {@link UserException} (for example {@link UserException#invalid}) saying what is wrong.
   */
  @FunctionalInterface
  interface AttributeRule {
    void check(String name, JsonElement value);
  }

  /**
   * Rules for named attributes, by name: the place to add one. The API stores any attribute without
   * code; a rule here refuses a value of that attribute that breaks it, on create and update alike
   * (a top-level JSON {@code null} still means "no such attribute" and is not checked). For
   * example, an optional {@code phone} in E.164 is {@code Map.entry("phone", UserRules::e164)},
   * with a method {@code e164} that refuses anything but a string matching {@code
   * \+[1-9][0-9]{1,14}}.
   */
  private static final Map<String, AttributeRule> ATTRIBUTE_RULES = Map.ofEntries();

  /**
   * Validates a {@code POST /users} body.
   *
   * @throws UserException saying which rule was broken
   */
  public static NewUser forCreate(JsonObject body) {
    JsonElement name = body.get(USERNAME);
    if (name == null || name.isJsonNull()) {
      throw UserException.invalid("The request body must contain \"username\".");
    }
    if (!name.isJsonPrimitive() || !name.getAsJsonPrimitive().isString()) {
      throw UserException.invalid("\"username\" must be a JSON string.");
    }
    String username = username(name.getAsString());
    Map<String, JsonElement> attributes = new LinkedHashMap<>();
    checkCount(body.size() - 1);
    for (Map.Entry<String, JsonElement> e : body.entrySet()) {
      if (e.getKey().equals(USERNAME)) {
        continue;
      }
      checkWritableName(e.getKey());
      if (!e.getValue().isJsonNull()) {
        attributes.put(e.getKey(), checkedValue(e.getKey(), e.getValue()));
      }
    }
    return new NewUser(username, attributes);
  }

  /**
   * Validates a {@code PUT /users/{username}} body.
   *
   * @throws UserException saying which rule was broken
   */
  public static Changes forUpdate(JsonObject body) {
    if (body.isEmpty()) {
      throw UserException.invalid(
          "The request body has no attributes to change; send at least one.");
    }
    checkCount(body.size());
    Map<String, JsonElement> set = new LinkedHashMap<>();
    Set<String> remove = new LinkedHashSet<>();
    for (Map.Entry<String, JsonElement> e : body.entrySet()) {
      if (e.getKey().equals(USERNAME)) {
        throw UserException.invalid(
            "\"username\" cannot be changed; create a new user and delete this one instead.");
      }
      checkWritableName(e.getKey());
      if (e.getValue().isJsonNull()) {
        remove.add(e.getKey());
      } else {
        set.put(e.getKey(), checkedValue(e.getKey(), e.getValue()));
      }
    }
    return new Changes(set, remove);
  }

  /**
   * Checks a username: 1 to 64 characters of lower-case ASCII letters, digits, {@code .}, {@code _}
   * and {@code -}, starting with a letter or digit.
   *
   * <p>ASCII only, on purpose: it rules out look-alike (homoglyph) names, Unicode normalisation
   * ambiguities and names that need escaping in URLs, logs or shells. The same rule applies to the
   * body's {@code username} and to the percent-decoded path segment, so both forms agree.
   *
   * @return the username, unchanged
   * @throws UserException of kind INVALID saying what is wrong
   */
  public static String username(String username) {
    if (username.isEmpty()) {
      throw UserException.invalid("username must not be empty.");
    }
    if (username.length() > MAX_USERNAME_LENGTH) {
      throw UserException.invalid(
          "username is "
              + username.length()
              + " characters long; the limit is "
              + MAX_USERNAME_LENGTH
              + ".");
    }
    if (!USERNAME_PATTERN.matcher(username).matches()) {
      throw UserException.invalid(
          "username must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter"
              + " or digit (lower-case ASCII only).");
    }
    return username;
  }

  /**
   * Checks the size of a request body.
   *
   * @throws UserException TOO_LARGE past {@link #MAX_BODY_BYTES}
   */
  public static void checkBodySize(int bytes) {
    if (bytes > MAX_BODY_BYTES) {
      throw UserException.tooLarge(
          "The request body is " + bytes + " bytes; the limit is " + MAX_BODY_BYTES + " bytes.");
    }
  }

  /**
   * Checks how deep a request body nests objects and arrays.
   *
   * @param depth the depth of an object or array about to be read; the body itself is depth 1
   * @throws UserException INVALID past {@link #MAX_DEPTH}
   */
  public static void checkDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw UserException.invalid(
          "The request body nests objects and arrays deeper than the limit of "
              + MAX_DEPTH
              + " levels.");
    }
  }

  /**
   * Validates the query of {@code GET /users}: only {@code limit} and {@code cursor}, a page size
   * from 1 to {@link #MAX_PAGE_SIZE}, and a cursor that is not empty. (That a cursor is one this
   * API issued is checked where it is decoded, in storage.)
   *
   * @param parameters the decoded query parameters
   * @return the page size
   * @throws UserException INVALID saying which rule was broken
   */
  public static int listQuery(Map<String, String> parameters) {
    for (String name : parameters.keySet()) {
      if (!LIST_PARAMETERS.contains(name)) {
        throw UserException.invalid(
            "Unknown query parameter '"
                + ClientText.excerpt(name, 80)
                + "'; GET /users takes limit and cursor.");
      }
    }
    int limit = pageSize(parameters.get("limit"));
    String cursor = parameters.get("cursor");
    if (cursor != null && cursor.isEmpty()) {
      throw UserException.invalid("cursor must not be empty; omit it for the first page.");
    }
    return limit;
  }

  private static int pageSize(String text) {
    if (text == null) {
      return DEFAULT_PAGE_SIZE;
    }
    String message =
        "limit must be a whole number from 1 to "
            + MAX_PAGE_SIZE
            + " (default "
            + DEFAULT_PAGE_SIZE
            + ").";
    if (!PAGE_SIZE.matcher(text).matches()) {
      throw UserException.invalid(message);
    }
    int limit = Integer.parseInt(text);
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw UserException.invalid(message);
    }
    return limit;
  }

  /** A top-level value in its stored form, checked by every rule that applies to it. */
  private static JsonElement checkedValue(String name, JsonElement value) {
    return checkedValue(name, value, ATTRIBUTE_RULES);
  }

  /** {@link #checkedValue(String, JsonElement)} with the given attribute rules (for tests). */
  static JsonElement checkedValue(
      String name, JsonElement value, Map<String, AttributeRule> attributeRules) {
    JsonElement normal = normalise(name, value);
    AttributeRule rule = attributeRules.get(name);
    if (rule != null) {
      rule.check(name, normal);
    }
    return normal;
  }

  private static void checkCount(int count) {
    if (count > MAX_ATTRIBUTES) {
      throw UserException.invalid(
          "The request has "
              + count
              + " attributes; the limit is "
              + MAX_ATTRIBUTES
              + " per request.");
    }
  }

  private static void checkWritableName(String name) {
    if (SERVER_OWNED.contains(name)) {
      throw UserException.invalid(
          "\"" + name + "\" is maintained by the server and cannot be written.");
    }
    if (name.length() > MAX_ATTRIBUTE_NAME_LENGTH) {
      throw UserException.invalid(
          "Attribute name '"
              + ClientText.excerpt(name, 16)
              + "' is "
              + name.length()
              + " characters long; the limit is "
              + MAX_ATTRIBUTE_NAME_LENGTH
              + ".");
    }
    if (!NAME.matcher(name).matches()) {
      throw UserException.invalid(
          "Attribute name "
              + "'"
              + ClientText.excerpt(name, MAX_ATTRIBUTE_NAME_LENGTH)
              + "'"
              + " is not allowed: use a letter followed by letters, digits, '_' or '-'.");
    }
  }

  /** Returns the value in its stored form, checking nested keys, strings and numbers. */
  private static JsonElement normalise(String path, JsonElement value) {
    if (value.isJsonObject()) {
      JsonObject out = new JsonObject();
      for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
        checkNestedKey(path, e.getKey());
        out.add(e.getKey(), normalise(path + "." + e.getKey(), e.getValue()));
      }
      return out;
    }
    if (value.isJsonArray()) {
      JsonArray out = new JsonArray();
      int i = 0;
      for (JsonElement item : value.getAsJsonArray()) {
        out.add(normalise(path + "[" + i++ + "]", item));
      }
      return out;
    }
    if (value.isJsonNull()) {
      return JsonNull.INSTANCE;
    }
    JsonPrimitive p = value.getAsJsonPrimitive();
    if (p.isNumber()) {
      return new JsonPrimitive(new LazilyParsedNumber(canonicalNumber(path, p.getAsString())));
    }
    if (p.isString()) {
      checkUnicode(path, p.getAsString());
    }
    return p;
  }

  private static void checkNestedKey(String path, String key) {
    if (key.isEmpty() || key.length() > MAX_NESTED_KEY_LENGTH) {
      throw UserException.invalid(
          "Keys inside " + path + " must be 1-" + MAX_NESTED_KEY_LENGTH + " characters long.");
    }
    for (int i = 0; i < key.length(); i++) {
      if (Character.isISOControl(key.charAt(i))) {
        throw UserException.invalid(
            "Keys inside " + path + " must not contain control characters.");
      }
    }
    checkUnicode(path, key);
  }

  private static void checkUnicode(String path, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        throw UserException.invalid(path + " contains an unpaired UTF-16 surrogate.");
      }
      if (Character.isLowSurrogate(c)) {
        throw UserException.invalid(path + " contains an unpaired UTF-16 surrogate.");
      }
    }
  }

  /** Whether the text is a non-zero integer of at most 18 digits without leading zeros. */
  private static boolean isPlainInteger(String text) {
    int start = text.startsWith("-") ? 1 : 0;
    int digits = text.length() - start;
    if (digits < 1 || digits > 18 || text.charAt(start) < '1' || text.charAt(start) > '9') {
      return false;
    }
    for (int i = start + 1; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * The form DynamoDB stores a number in, or a 400 if DynamoDB cannot store it exactly.
   *
   * @param path where the number is, for the message
   * @param text the number as written in JSON
   */
  static String canonicalNumber(String path, String text) {
    if (isPlainInteger(text)) {
      return text; // already as DynamoDB stores it: no sign of zero, exponent or leading zeros
    }
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException | ArithmeticException e) {
      throw UserException.invalid(path + " is not a number DynamoDB can store.");
    }
    if (value.signum() == 0) {
      return "0";
    }
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.precision() > MAX_NUMBER_DIGITS) {
      throw UserException.invalid(
          path
              + " has "
              + stripped.precision()
              + " significant digits; DynamoDB keeps at most "
              + MAX_NUMBER_DIGITS
              + ". Send it as a string to keep every digit.");
    }
    BigDecimal magnitude = stripped.abs();
    if (magnitude.compareTo(MAX_MAGNITUDE) >= 0 || magnitude.compareTo(MIN_MAGNITUDE) < 0) {
      throw UserException.invalid(
          path + " is outside DynamoDB's number range (1E-130 to under 1E+126 in magnitude).");
    }
    return stripped.toPlainString();
  }
}
