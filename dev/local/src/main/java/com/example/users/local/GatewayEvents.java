package com.example.users.local;

import com.example.users.http.RouteTable;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Local mode's API Gateway HTTP API payload 2.0 events: the handler's one event builder, {@link
 * HttpApiEvents}, fed with the parts of the HTTP request local mode received.
 */
final class GatewayEvents {

  private GatewayEvents() {}

  /** The parts of an HTTP request the event is made of. */
  record Request(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, List<String>> headers,
      byte[] body,
      String sourceIp,
      String requestId,
      Instant time) {}

  /**
   * The event for a request whose path matched a route (or an {@code ANY} route of the path).
   *
   * @param match the route table's match for the request
   */
  static JsonObject event(Request request, RouteTable.RouteMatch match) {
    return HttpApiEvents.event(
        new HttpApiEvents.Request(
            request.method(),
            request.rawPath(),
            request.rawQuery(),
            request.headers(),
            request.body(),
            request.sourceIp(),
            request.requestId(),
            request.time()),
        Optional.of(match));
  }

  static boolean isText(String contentType) {
    return HttpApiEvents.isText(contentType);
  }
}
