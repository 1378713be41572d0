package com.example.users.user;

import com.google.gson.JsonElement;
import java.util.Map;

/**
 * A validated create request ({@link UserRules#forCreate}).
 *
 * @param username the new user's name
 * @param attributes the client's attributes, in stored (normalised) form
 */
public record NewUser(String username, Map<String, JsonElement> attributes) {}
