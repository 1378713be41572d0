package com.example.users.http;

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

  /** Every problem type the API uses; {@code openapi.yaml} lists the same set. */
  static final java.util.Set<String> TYPES =
      java.util.Set.of(
          "invalid-request",
          "too-large",
          "user-not-found",
          "user-already-exists",
          "version-mismatch",
          "route-not-found",
          "method-not-allowed",
          "unsupported-media-type",
          "storage-unavailable",
          "storage-timeout",
          "internal-error");

  private final int status;
  private final String type;
  private final String title;
  private final transient Map<String, String> headers;

  Problem(int status, String type, String title, String detail, Map<String, String> headers) {
    super(detail, null, false, false);
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("Undocumented problem type " + type);
    }
    this.status = status;
    this.type = type;
    this.title = title;
    this.headers = Map.copyOf(headers);
  }

  Problem(int status, String type, String title, String detail) {
    this(status, type, title, detail, Map.of());
  }

  /** The generic 500: nothing internal, only the request id to quote. The cause goes to the log. */
  static Problem internalError(String requestId) {
    return new Problem(
        500,
        "internal-error",
        "Internal Server Error",
        "The request failed unexpectedly. Quote request id " + requestId + " when reporting it.");
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
