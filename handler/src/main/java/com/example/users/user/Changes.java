package com.example.users.user;

import com.google.gson.JsonElement;
import java.util.Map;
import java.util.Set;

/**
 * A validated update ({@link UserRules#forUpdate}).
 *
 * @param set attributes to set, in stored (normalised) form
 * @param remove attributes to remove
 */
public record Changes(Map<String, JsonElement> set, Set<String> remove) {}
