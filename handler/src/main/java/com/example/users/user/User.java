package com.example.users.user;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stored user: its name, the client's attributes, and the server-owned fields.
 *
 * @param username the key
 * @param attributes the client's attributes, in stored (normalised) form
 * @param createdAt when it was created, ISO-8601 UTC as stored (kept as text: parsing it on every
 *     read only to print it again costs time and changes nothing); null for an item written by
 *     another tool without it
 * @param updatedAt when it was last written, likewise
 * @param version 1 on create, incremented by every update; the ETag. 0 for an item written by
 *     another tool without it (its first update makes it 1)
 */
public record User(
    String username,
    Map<String, JsonElement> attributes,
    String createdAt,
    String updatedAt,
    long version) {

  /** The key attribute. */
  public static final String USERNAME = "username";

  /** Server-owned attributes, written only by the service. */
  public static final String CREATED_AT = "createdAt";

  /** See {@link #CREATED_AT}. */
  public static final String UPDATED_AT = "updatedAt";

  /** See {@link #CREATED_AT}. */
  public static final String VERSION = "version";

  /** Copies the attributes, sorted by name so that representations are stable. */
  public User {
    attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
  }

  /** The JSON representation: username, attributes by name, then the server-owned fields. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    json.addProperty(USERNAME, username);
    attributes.forEach(json::add);
    json.add(CREATED_AT, timestamp(createdAt));
    json.add(UPDATED_AT, timestamp(updatedAt));
    json.addProperty(VERSION, version);
    return json;
  }

  private static JsonElement timestamp(String text) {
    return text == null ? JsonNull.INSTANCE : new JsonPrimitive(text);
  }

  /** The strong entity tag for this version, for example {@code "3"}. */
  public String etag() {
    return "\"" + version + "\"";
  }
}
