package com.example.users.http;

import com.example.users.storage.StorageException;
import com.example.users.storage.UserTable;
import com.example.users.user.ClientText;
import com.example.users.user.User;
import com.example.users.user.UserException;
import com.example.users.user.UserRules;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user API over HTTP: matches a request against the {@link RouteTable}, runs the operation its
 * entry names (reading the request, calling the table once), and maps the outcome to a response.
 * Every failure becomes an RFC 9457 problem; unexpected ones become a generic 500 and are handed
 * back for logging.
 */
final class UserApi {

  private static final Pattern ENTITY_TAG =
      Pattern.compile("\\s*(W/)?\"([\\x21\\x23-\\x7e]*)\"\\s*");
  private static final Pattern VERSION_TAG = Pattern.compile("[1-9][0-9]{0,17}");

  private final UserTable table;
  private final Clock clock;

  UserApi(UserTable users, Clock clock) {
    this.table = users;
    this.clock = clock;
  }

  /**
   * The outcome of one request.
   *
   * @param response what to send
   * @param routeKey the matched route (or {@code -} when none matched), for the log
   * @param failure an unexpected exception to log, if any
   */
  record Outcome(HttpResponse response, String routeKey, Optional<Throwable> failure) {}

  /**
   * Serves one request.
   *
   * @param budget the time DynamoDB may take, retries included
   */
  Outcome handle(HttpRequest request, Duration budget) {
    String routeKey = "-";
    try {
      Optional<RouteTable.RouteMatch> match = RouteTable.match(request.method(), request.rawPath());
      if (match.isEmpty()) {
        throw new Problem(
            404, "route-not-found", "Not Found", "No route matches " + safePath(request) + ".");
      }
      routeKey = match.get().routeKey(request.method());
      if (!match.get().methodAllowed()) {
        String allow = String.join(", ", match.get().allowedMethods());
        throw new Problem(
            405,
            "method-not-allowed",
            "Method Not Allowed",
            request.method() + " is not supported here; use " + allow + ".",
            Map.of("allow", allow));
      }
      HttpResponse response =
          match
              .get()
              .endpoint()
              .operation()
              .serve(this, request, match.get(), table.within(budget));
      return new Outcome(response, routeKey, Optional.empty());
    } catch (Problem p) {
      return new Outcome(p.toResponse(request.requestId()), routeKey, Optional.empty());
    } catch (UserException e) {
      return new Outcome(toProblem(e).toResponse(request.requestId()), routeKey, Optional.empty());
    } catch (StorageException e) {
      Problem problem =
          e.reason() == StorageException.Reason.TIMEOUT
              ? new Problem(
                  504,
                  "storage-timeout",
                  "Gateway Timeout",
                  "The database did not answer in time. The request may or may not have been"
                      + " applied; read the user before retrying a write.")
              : new Problem(
                  503,
                  "storage-unavailable",
                  "Service Unavailable",
                  "The database is busy or unreachable; retry after a second.",
                  Map.of("retry-after", "1"));
      return new Outcome(problem.toResponse(request.requestId()), routeKey, Optional.of(e));
    } catch (RuntimeException e) {
      return new Outcome(
          Problem.internalError(request.requestId()).toResponse(request.requestId()),
          routeKey,
          Optional.of(e));
    }
  }

  // The operations, one per RouteTable entry: each reads its request, calls the table once and
  // answers.

  HttpResponse create(HttpRequest request, RouteTable.RouteMatch match, UserTable users) {
    JsonObject body = jsonBody(request);
    User user = users.create(UserRules.forCreate(body), now());
    return withEtag(HttpResponse.json(201, representation(user)), user)
        .withHeader("location", "/users/" + user.username());
  }

  HttpResponse get(HttpRequest request, RouteTable.RouteMatch match, UserTable users) {
    String username = username(match);
    User user = users.get(username).orElseThrow(() -> UserException.notFound(username));
    return withEtag(HttpResponse.json(200, representation(user)), user);
  }

  HttpResponse update(HttpRequest request, RouteTable.RouteMatch match, UserTable users) {
    String username = username(match);
    OptionalLong expected = ifMatch(request);
    JsonObject body = jsonBody(request);
    User user = users.update(username, UserRules.forUpdate(body), expected, now());
    return withEtag(HttpResponse.json(200, representation(user)), user);
  }

  HttpResponse delete(HttpRequest request, RouteTable.RouteMatch match, UserTable users) {
    String username = username(match);
    users.delete(username, ifMatch(request));
    return HttpResponse.empty(204);
  }

  HttpResponse list(HttpRequest request, RouteTable.RouteMatch match, UserTable users) {
    Map<String, String> params = request.queryParameters();
    int limit = UserRules.listQuery(params);
    Optional<String> cursor = Optional.ofNullable(params.get("cursor"));
    UserTable.Page page = users.list(limit, cursor);
    // {"users":[...],"nextCursor":"..."}, written directly (see Json.writeUser).
    StringBuilder body = new StringBuilder(128 + 256 * page.users().size());
    body.append("{\"users\":[");
    for (int i = 0; i < page.users().size(); i++) {
      if (i > 0) {
        body.append(',');
      }
      Json.writeUser(body, page.users().get(i));
    }
    body.append(']');
    if (page.nextCursor().isPresent()) {
      body.append(",\"nextCursor\":");
      Json.writeString(body, page.nextCursor().get());
    }
    return HttpResponse.json(200, body.append('}').toString());
  }

  private static String representation(User user) {
    StringBuilder out = new StringBuilder(512);
    Json.writeUser(out, user);
    return out.toString();
  }

  /** The username path parameter, percent-decoded and validated like the body's. */
  private static String username(RouteTable.RouteMatch match) {
    String raw = match.rawParameters().get("username");
    String decoded =
        RouteTable.decodeSegment(raw)
            .orElseThrow(
                () ->
                    UserException.invalid(
                        "The username in the path is not valid percent-encoding."));
    return UserRules.username(decoded);
  }

  /**
   * The version {@code If-Match} requires: empty for none or {@code *}; a version no user can have
   * for an entity tag this API never issued (so the write gets a 412, or a 404 if the user is
   * gone).
   */
  private static OptionalLong ifMatch(HttpRequest request) {
    Optional<String> header = request.header("if-match");
    if (header.isEmpty() || header.get().trim().equals("*")) {
      return OptionalLong.empty();
    }
    Matcher m = ENTITY_TAG.matcher(header.get());
    if (!m.matches()) {
      throw UserException.invalid(
          "If-Match must be one entity tag as returned in ETag, for example \"3\", or *.");
    }
    if (m.group(1) != null || !VERSION_TAG.matcher(m.group(2)).matches()) {
      return OptionalLong.of(0); // weak or foreign tags never match a strong version tag
    }
    return OptionalLong.of(Long.parseLong(m.group(2)));
  }

  private static JsonObject jsonBody(HttpRequest request) {
    String contentType = request.header("content-type").orElse("");
    if (!isJson(contentType)) {
      throw new Problem(
          415,
          "unsupported-media-type",
          "Unsupported Media Type",
          contentType.isBlank()
              ? "Send the body with Content-Type: application/json."
              : "The body must be application/json (UTF-8), not "
                  + ClientText.excerpt(contentType, 80)
                  + ".",
          Map.of("accept-post", HttpResponse.JSON));
    }
    byte[] bytes = request.body().orElse(new byte[0]);
    UserRules.checkBodySize(bytes.length);
    String text =
        Utf8.decodeStrict(bytes, bytes.length)
            .orElseThrow(() -> UserException.invalid("The request body is not valid UTF-8."));
    return Json.parseObject(text);
  }

  private static boolean isJson(String contentType) {
    String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
    String type = parts[0].trim();
    if (!type.equals("application/json")
        && !(type.startsWith("application/") && type.endsWith("+json"))) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String[] param = parts[i].trim().split("=", 2);
      if (param[0].equals("charset")
          && (param.length < 2 || !param[1].replace("\"", "").equalsIgnoreCase("utf-8"))) {
        return false;
      }
    }
    return true;
  }

  private static HttpResponse withEtag(HttpResponse response, User user) {
    return response.withHeader("etag", user.etag());
  }

  private static Problem toProblem(UserException e) {
    return switch (e.kind()) {
      case INVALID -> new Problem(400, "invalid-request", "Invalid request", e.getMessage());
      case TOO_LARGE -> new Problem(413, "too-large", "Content Too Large", e.getMessage());
      case NOT_FOUND -> new Problem(404, "user-not-found", "User not found", e.getMessage());
      case ALREADY_EXISTS ->
          new Problem(409, "user-already-exists", "User already exists", e.getMessage());
      case VERSION_MISMATCH ->
          new Problem(412, "version-mismatch", "Precondition Failed", e.getMessage());
    };
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static String safePath(HttpRequest request) {
    return ClientText.excerpt(request.method() + " " + request.rawPath(), 80);
  }
}
