package com.example.users.http;

import java.util.Map;

/**
 * Response out: writes an {@link HttpResponse} as the API Gateway HTTP API payload 2.0 response
 * Lambda returns ({@code statusCode}, {@code headers}, {@code body}, {@code isBase64Encoded}). Its
 * counterpart is {@link EventReader}, event in.
 */
final class EventWriter {

  private EventWriter() {}

  /**
   * The response as JSON text, written directly rather than built as a tree first: the same text as
   * Gson's {@code toString()} of the equivalent {@code JsonObject} (a test holds it to that).
   */
  static String write(HttpResponse response) {
    String body = response.body();
    Map<String, String> headers = response.headers();
    StringBuilder out = new StringBuilder(body.length() + 64 * headers.size() + 96);
    out.append("{\"statusCode\":").append(response.status()).append(",\"headers\":{");
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
}
