package com.example.users.api;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response in API Gateway's payload format 2.0: status, headers and a text body.
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

  /**
   * The v2 response as the JSON text Lambda returns to API Gateway: {@link #toEvent()} serialised,
   * written directly rather than built as a tree first.
   */
  String toEventJson() {
    StringBuilder out = new StringBuilder(body.length() + 64 * headers.size() + 96);
    out.append("{\"statusCode\":").append(status).append(",\"headers\":{");
    boolean first = true;
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      Json.writeString(out, h.getKey());
      out.append(':');
      Json.writeString(out, h.getValue());
    }
    out.append("},\"body\":");
    Json.writeString(out, body);
    return out.append(",\"isBase64Encoded\":false}").toString();
  }

  /** The v2 response object Lambda returns to API Gateway. */
  JsonObject toEvent() {
    JsonObject event = new JsonObject();
    event.addProperty("statusCode", status);
    JsonObject h = new JsonObject();
    headers.forEach(h::addProperty);
    event.add("headers", h);
    event.addProperty("body", body);
    event.addProperty("isBase64Encoded", false);
    return event;
  }
}
