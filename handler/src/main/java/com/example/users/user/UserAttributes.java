package com.example.users.user;

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
 * Validation of the attributes a client sends, and the normal form they are stored in.
 *
 * <ul>
 *   <li>Top-level names: 1-64 characters, a letter then letters, digits, {@code _} or {@code -}.
 *   <li>Server-owned names ({@code username} after create, {@code createdAt}, {@code updatedAt},
 *       {@code version}) are refused with a 400 naming the field.
 *   <li>Nested object keys: 1-255 characters, no control characters.
 *   <li>Values: any JSON. Numbers are kept exactly up to DynamoDB's 38 significant digits and
 *       magnitudes 1E-130 to under 1E+126, and normalised as DynamoDB does (trailing zeros and
 *       exponents dropped: {@code 1.50} is stored as {@code 1.5}, {@code 1e3} as {@code 1000}).
 *       Strings must be valid Unicode (no lone surrogates).
 *   <li>A top-level JSON {@code null} means "no such attribute": ignored on create, removes the
 *       attribute on update. Nested nulls are kept.
 * </ul>
 */
public final class UserAttributes {

  /** The key attribute. */
  public static final String USERNAME = "username";

  /** Server-owned attributes, written only by the service. */
  public static final String CREATED_AT = "createdAt";

  /** See {@link #CREATED_AT}. */
  public static final String UPDATED_AT = "updatedAt";

  /** See {@link #CREATED_AT}. */
  public static final String VERSION = "version";

  private static final Set<String> SERVER_OWNED = Set.of(CREATED_AT, UPDATED_AT, VERSION);
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
  private static final BigDecimal MAX_MAGNITUDE = new BigDecimal("1E+126");
  private static final BigDecimal MIN_MAGNITUDE = new BigDecimal("1E-130");

  private UserAttributes() {}

  /** A validated create request. */
  public record NewUser(String username, Map<String, JsonElement> attributes) {}

  /** A validated update: attributes to set and attributes to remove. */
  public record Changes(Map<String, JsonElement> set, Set<String> remove) {}

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
    String username = Username.validate(name.getAsString());
    Map<String, JsonElement> attributes = new LinkedHashMap<>();
    checkCount(body.size() - 1);
    for (Map.Entry<String, JsonElement> e : body.entrySet()) {
      if (e.getKey().equals(USERNAME)) {
        continue;
      }
      checkWritableName(e.getKey());
      if (!e.getValue().isJsonNull()) {
        attributes.put(e.getKey(), normalise(e.getKey(), e.getValue()));
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
        set.put(e.getKey(), normalise(e.getKey(), e.getValue()));
      }
    }
    return new Changes(set, remove);
  }

  private static void checkCount(int count) {
    if (count > Limits.MAX_ATTRIBUTES) {
      throw UserException.invalid(
          "The request has "
              + count
              + " attributes; the limit is "
              + Limits.MAX_ATTRIBUTES
              + " per request.");
    }
  }

  private static void checkWritableName(String name) {
    if (SERVER_OWNED.contains(name)) {
      throw UserException.invalid(
          "\"" + name + "\" is maintained by the server and cannot be written.");
    }
    if (name.length() > Limits.MAX_ATTRIBUTE_NAME_LENGTH) {
      throw UserException.invalid(
          "Attribute name '"
              + ClientText.excerpt(name, 16)
              + "' is "
              + name.length()
              + " characters long; the limit is "
              + Limits.MAX_ATTRIBUTE_NAME_LENGTH
              + ".");
    }
    if (!NAME.matcher(name).matches()) {
      throw UserException.invalid(
          "Attribute name "
              + "'"
              + ClientText.excerpt(name, Limits.MAX_ATTRIBUTE_NAME_LENGTH)
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
    if (key.isEmpty() || key.length() > Limits.MAX_NESTED_KEY_LENGTH) {
      throw UserException.invalid(
          "Keys inside "
              + path
              + " must be 1-"
              + Limits.MAX_NESTED_KEY_LENGTH
              + " characters long.");
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
    if (stripped.precision() > Limits.MAX_NUMBER_DIGITS) {
      throw UserException.invalid(
          path
              + " has "
              + stripped.precision()
              + " significant digits; DynamoDB keeps at most "
              + Limits.MAX_NUMBER_DIGITS
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
