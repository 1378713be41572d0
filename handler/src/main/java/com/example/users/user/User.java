package com.example.users.user;

import com.google.gson.JsonElement;
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
 *     read only to print it again costs time and changes nothing)
 * @param updatedAt when it was last written, likewise
 * @param version 1 on create, incremented by every update; the ETag
 */
public record User(
    String username,
    Map<String, JsonElement> attributes,
    String createdAt,
    String updatedAt,
    long version) {

  /** Copies the attributes, sorted by name so that representations are stable. */
  public User {
    attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
  }

  /** The JSON representation: username, attributes by name, then the server-owned fields. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    json.addProperty(UserAttributes.USERNAME, username);
    attributes.forEach(json::add);
    json.add(UserAttributes.CREATED_AT, new JsonPrimitive(createdAt));
    json.add(UserAttributes.UPDATED_AT, new JsonPrimitive(updatedAt));
    json.addProperty(UserAttributes.VERSION, version);
    return json;
  }

  /** The strong entity tag for this version, for example {@code "3"}. */
  public String etag() {
    return "\"" + version + "\"";
  }
}
