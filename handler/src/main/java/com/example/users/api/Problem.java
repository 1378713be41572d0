package com.example.users.api;

import com.google.gson.JsonObject;
import java.util.Map;

/**
 * An RFC 9457 problem: the body of every error response ({@code application/problem+json}), and the
 * exception that carries it to the edge.
 */
final class Problem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Media type of problem responses. */
  static final String MEDIA_TYPE = "application/problem+json";

  /** Problem type URIs are URNs with this prefix, listed in {@code openapi.yaml}. */
  static final String TYPE_PREFIX = "urn:user-api:problem:";

  private final int status;
  private final String type;
  private final String title;
  private final transient Map<String, String> headers;

  Problem(int status, String type, String title, String detail, Map<String, String> headers) {
    super(detail, null, false, false);
    this.status = status;
    this.type = type;
    this.title = title;
    this.headers = Map.copyOf(headers);
  }

  Problem(int status, String type, String title, String detail) {
    this(status, type, title, detail, Map.of());
  }

  int status() {
    return status;
  }

  Map<String, String> headers() {
    return headers;
  }

  /** The response for this problem; {@code requestId} lets a client quote it to an operator. */
  HttpResponse toResponse(String requestId) {
    JsonObject body = new JsonObject();
    body.addProperty("type", TYPE_PREFIX + type);
    body.addProperty("title", title);
    body.addProperty("status", status);
    body.addProperty("detail", getMessage());
    body.addProperty("requestId", requestId);
    return HttpResponse.json(status, body, MEDIA_TYPE).withHeaders(headers);
  }
}
