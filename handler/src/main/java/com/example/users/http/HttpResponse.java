package com.example.users.http;

import com.google.gson.JsonElement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response as the API makes it: status, headers and a text body. {@link EventWriter} writes it as
 * the API Gateway payload 2.0 response Lambda returns.
 *
 * @param status the HTTP status
 * @param headers header names in lower case
 * @param body the body, empty for none
 */
record HttpResponse(int status, Map<String, String> headers, String body) {

  static final String JSON = "application/json";

  static HttpResponse json(int status, JsonElement body, String mediaType) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", mediaType);
    return new HttpResponse(status, headers, Json.toJson(body));
  }

  /** A JSON response whose body is already serialised. */
  static HttpResponse json(int status, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", JSON);
    return new HttpResponse(status, headers, body);
  }

  static HttpResponse json(int status, JsonElement body) {
    return json(status, body, JSON);
  }

  static HttpResponse empty(int status) {
    return new HttpResponse(status, new LinkedHashMap<>(), "");
  }

  HttpResponse withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new HttpResponse(status, copy, body);
  }

  HttpResponse withHeaders(Map<String, String> more) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.putAll(more);
    return new HttpResponse(status, copy, body);
  }
}
