package com.example.users.local;

import static com.example.users.local.ApiProbe.assertProblem;
import static com.example.users.local.ApiProbe.assertRequestLogged;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.local.RawHttp.Header;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile requests over real HTTP against local mode on dynalite: each one must get its documented
 * 4xx as an RFC 9457 problem without internals (or API Gateway's own 404 for paths no route
 * matches), log exactly one request line without personal data, and leave the table exactly as it
 * was.
 */
class HostileInputAttackTests {

  /** A value every seeded attribute carries, so that the log can be searched for personal data. */
  private static final String PD = "PD-7f3a";

  private static final List<String> PERSONAL =
      List.of(PD, "alice", "bob", "carol", "bigfoot", "mallory", "trudy");

  /** Marks a case answered by API Gateway's own 404 (the handler is not reached). */
  private static final String GATEWAY_404 = "gateway-404";

  /** Marks a case the gateway refuses before routing: a request target that is not RFC 3986. */
  static final String GATEWAY_400 = "gateway-400";

  private static final ApiProbe.Log LOG = new ApiProbe.Log();
  private static LocalServer server;
  private static URI base;
  private static String seeded;
  private static String cursor;

  /** One hostile request and what the API must answer. */
  record Case(
      String name,
      String method,
      String target,
      List<Header> headers,
      byte[] body,
      int status,
      String problemType,
      int dynamoDbCalls) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void seed() throws Exception {
    server = LocalServer.start(0, Optional.empty(), LOG.stream, c -> c, List.of());
    base = server.baseUrl();
    for (String name : List.of("alice", "bob", "carol", "bigfoot")) {
      var r =
          ApiProbe.send(
              base,
              "POST",
              "/users",
              "{\"username\":\"" + name + "\",\"email\":\"" + name + "-" + PD + "@example.com\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
    var updated = ApiProbe.send(base, "PUT", "/users/alice", "{\"country\":\"" + PD + "\"}");
    assertThat(updated.statusCode()).isEqualTo(200);
    assertThat(updated.headers().firstValue("etag")).contains("\"2\"");
    // bigfoot grows to about 360 KB, close to DynamoDB's 400 KB item limit.
    for (int i = 0; i < 6; i++) {
      var r =
          ApiProbe.send(
              base, "PUT", "/users/bigfoot", "{\"blob" + i + "\":\"" + "x".repeat(60_000) + "\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
    var page = ApiProbe.send(base, "GET", "/users?limit=1", null);
    assertThat(page.statusCode()).isEqualTo(200);
    cursor = ApiProbe.json(page.body()).get("nextCursor").getAsString();
    seeded = ApiProbe.snapshot(server);
    assertThat(seeded.lines()).hasSize(4);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest(name = "{index} {0}")
  @MethodSource("cases")
  void hostileRequest_shouldGetItsDocumented4xx_andChangeNothing(Case c) throws Exception {
    try {
      check(c);
    } catch (AssertionError e) {
      throw new AssertionError(c.name() + ": " + e.getMessage(), e);
    }
  }

  private static void check(Case c) throws Exception {
    int mark = LOG.mark();
    RawHttp.Response r = RawHttp.send(base, c.method(), resolve(c.target()), c.headers(), c.body());
    String body = r.text();
    if (c.problemType().equals(GATEWAY_400)) {
      // A request target that is not a valid URI is refused before routing with API Gateway's
      // JSON 400, never an HTML page naming an exception; the handler never runs (no log line).
      // The handler's own answer to such paths is tested with events in HandlerEventAttackTests.
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.header("content-type")).contains("application/json");
      assertThat(body).isEqualTo("{\"message\":\"Bad Request\"}");
      assertThat(LOG.since(mark)).isEmpty();
    } else if (c.problemType().equals(GATEWAY_404)) {
      // API Gateway's own answer: the handler is not reached, so nothing is logged either.
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.header("content-type")).contains("application/json");
      assertThat(body).isEqualTo("{\"message\":\"Not Found\"}");
      assertThat(LOG.since(mark)).isEmpty();
    } else {
      String requestId =
          assertProblem(r.status(), r.header("content-type"), body, c.status(), c.problemType());
      assertThat(r.count("content-type")).isEqualTo(1);
      if (c.status() == 405) {
        assertThat(r.header("allow")).isPresent();
      }
      if (c.status() == 415) {
        assertThat(r.header("accept-post")).contains("application/json");
      }
      assertRequestLogged(
          LOG.since(mark),
          requestId,
          expectedRoute(c.method(), c.target()),
          c.status(),
          c.dynamoDbCalls(),
          PERSONAL);
    }
    ApiProbe.assertUnchanged(seeded, ApiProbe.snapshot(server));
  }

  @Test
  void theCaseTable_shouldHaveAtLeast80DistinctCases() {
    List<Case> all = cases();
    assertThat(all).hasSizeGreaterThanOrEqualTo(80);
    assertThat(all.stream().map(Case::name).distinct()).hasSameSizeAs(all);
    assertThat(
            all.stream()
                .map(c -> c.method() + " " + c.target() + " " + c.headers() + " " + text(c.body()))
                .distinct())
        .hasSameSizeAs(all);
  }

  private static String text(byte[] body) {
    return body == null ? "<none>" : new String(body, StandardCharsets.ISO_8859_1);
  }

  /** The route the request log must name, worked out here independently of the route table. */
  private static String expectedRoute(String method, String target) {
    String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
    if (path.equals("/users")) {
      return switch (method) {
        case "GET", "POST" -> method + " /users";
        default -> "ANY /users";
      };
    }
    return switch (method) {
      case "GET", "PUT", "DELETE" -> method + " /users/{username}";
      default -> "ANY /users/{username}";
    };
  }

  private static String resolve(String target) {
    String tampered =
        cursor.substring(0, 4) + (cursor.charAt(4) == 'A' ? 'B' : 'A') + cursor.substring(5);
    return target
        .replace("{cursor}", cursor)
        .replace("{cursor-tampered}", tampered)
        .replace("{cursor-truncated}", cursor.substring(0, cursor.length() - 3));
  }

  // ---------------------------------------------------------------------------------------------
  // The case table.

  private static final List<Header> JSON = List.of(new Header("Content-Type", "application/json"));

  private static Case post(String name, String body, int status, String type) {
    return new Case(name, "POST", "/users", JSON, bytes(body), status, type, 0);
  }

  private static Case post400(String name, String body) {
    return post(name, body, 400, "invalid-request");
  }

  private static Case put400(String name, String body) {
    return new Case(name, "PUT", "/users/alice", JSON, bytes(body), 400, "invalid-request", 0);
  }

  private static Case get400(String name, String target) {
    return new Case(name, "GET", target, List.of(), null, 400, "invalid-request", 0);
  }

  private static Case notFound(String name, String method, String target) {
    return new Case(name, method, target, List.of(), null, 404, GATEWAY_404, 0);
  }

  private static Case gatewayRejects(String name, String target) {
    return new Case(name, "GET", target, List.of(), null, 400, GATEWAY_400, 0);
  }

  private static Case method405(String name, String method, String target) {
    return new Case(name, method, target, List.of(), null, 405, "method-not-allowed", 0);
  }

  private static Case ctype415(String name, String method, String target, List<Header> headers) {
    return new Case(
        name,
        method,
        target,
        headers,
        bytes("{\"username\":\"mallory\"}"),
        415,
        "unsupported-media-type",
        0);
  }

  private static Case ifMatch(String name, String method, List<Header> h, int status, int calls) {
    List<Header> headers = new ArrayList<>(h);
    byte[] body = null;
    if (method.equals("PUT")) {
      headers.addAll(JSON);
      body = bytes("{\"country\":\"" + PD + "-x\"}");
    }
    String type =
        switch (status) {
          case 400 -> "invalid-request";
          case 404 -> "user-not-found";
          default -> "version-mismatch";
        };
    String target = status == 404 ? "/users/mallory" : "/users/alice";
    return new Case(name, method, target, headers, body, status, type, calls);
  }

  private static List<Header> ifMatchHeader(String... values) {
    return java.util.Arrays.stream(values).map(v -> new Header("If-Match", v)).toList();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String nested(int depth) {
    return "[".repeat(depth - 1) + "]".repeat(depth - 1);
  }

  private static String attributes(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> "\"a" + i + "\":1")
        .collect(Collectors.joining(",", "{\"username\":\"mallory\",", "}"));
  }

  static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    // Malformed and truncated JSON.
    c.add(post400("json: lone brace", "{"));
    c.add(post400("json: truncated after value", "{\"username\":\"mallory\""));
    c.add(post400("json: truncated inside a string", "{\"username\":\"mallory\",\"email\":\"ma"));
    c.add(post400("json: truncated after colon", "{\"username\":"));
    c.add(post400("json: trailing comma", "{\"username\":\"mallory\",}"));
    c.add(post400("json: single quotes", "{'username':'mallory'}"));
    c.add(post400("json: unquoted key", "{username:\"mallory\"}"));
    c.add(post400("json: trailing garbage", "{\"username\":\"mallory\"} x"));
    c.add(post400("json: two documents", "{\"username\":\"mallory\"}{}"));
    c.add(post400("json: NaN", "{\"username\":\"mallory\",\"a\":NaN}"));
    c.add(post400("json: Infinity", "{\"username\":\"mallory\",\"a\":-Infinity}"));
    c.add(post400("json: comment", "{\"username\":\"mallory\" /* c */}"));
    c.add(post400("json: leading zero", "{\"username\":\"mallory\",\"a\":01}"));
    c.add(post400("json: bare dot number", "{\"username\":\"mallory\",\"a\":.5}"));
    c.add(post400("json: number ending in dot", "{\"username\":\"mallory\",\"a\":1.}"));
    c.add(post400("json: plus sign", "{\"username\":\"mallory\",\"a\":+1}"));
    c.add(post400("json: hex number", "{\"username\":\"mallory\",\"a\":0x10}"));
    c.add(post400("json: exponent without digits", "{\"username\":\"mallory\",\"a\":1e}"));
    c.add(post400("json: misspelt literal", "{\"username\":\"mallory\",\"a\":tru}"));
    c.add(post400("json: bad escape", "{\"username\":\"mallory\",\"a\":\"\\x\"}"));
    c.add(post400("json: bad unicode escape", "{\"username\":\"mallory\",\"a\":\"\\uZZZZ\"}"));
    c.add(post400("json: raw newline in string", "{\"username\":\"mallory\",\"a\":\"x\ny\"}"));
    c.add(post400("json: raw NUL in string", "{\"username\":\"mallory\",\"a\":\"x\u0000y\"}"));
    c.add(post400("json: unclosed array", "{\"username\":\"mallory\",\"a\":[1,2}"));
    c.add(
        new Case(
            "json: invalid UTF-8 bytes",
            "POST",
            "/users",
            JSON,
            new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
            400,
            "invalid-request",
            0));
    c.add(
        new Case(
            "json: UTF-16 body",
            "POST",
            "/users",
            JSON,
            "{\"username\":\"mallory\"}".getBytes(StandardCharsets.UTF_16LE),
            400,
            "invalid-request",
            0));
    // Not an object.
    c.add(post400("not an object: empty array", "[]"));
    c.add(post400("not an object: array of users", "[{\"username\":\"mallory\"}]"));
    c.add(post400("not an object: string", "\"mallory\""));
    c.add(post400("not an object: number", "42"));
    c.add(post400("not an object: null", "null"));
    c.add(post400("not an object: boolean", "true"));
    // Empty bodies.
    c.add(post400("empty body", ""));
    c.add(post400("whitespace body", " \r\n\t "));
    c.add(
        new Case(
            "no body and no content type",
            "POST",
            "/users",
            List.of(),
            null,
            415,
            "unsupported-media-type",
            0));
    c.add(put400("PUT: empty object", "{}"));
    c.add(put400("PUT: empty body", ""));
    // username of the wrong type, or missing.
    c.add(post400("username: number", "{\"username\":42}"));
    c.add(post400("username: null", "{\"username\":null}"));
    c.add(post400("username: array", "{\"username\":[\"mallory\"]}"));
    c.add(post400("username: object", "{\"username\":{\"name\":\"mallory\"}}"));
    c.add(post400("username: boolean", "{\"username\":true}"));
    c.add(post400("username: missing", "{\"email\":\"" + PD + "\"}"));
    // Invalid usernames in the body.
    c.add(post400("body username: empty", "{\"username\":\"\"}"));
    c.add(post400("body username: 65 characters", "{\"username\":\"" + "m".repeat(65) + "\"}"));
    c.add(post400("body username: slash", "{\"username\":\"mal/lory\"}"));
    c.add(post400("body username: encoded slash", "{\"username\":\"mal%2Flory\"}"));
    c.add(post400("body username: dot dot", "{\"username\":\"..\"}"));
    c.add(post400("body username: leading dot", "{\"username\":\".mallory\"}"));
    c.add(post400("body username: leading dash", "{\"username\":\"-mallory\"}"));
    c.add(post400("body username: space", "{\"username\":\"mal lory\"}"));
    c.add(post400("body username: trailing newline", "{\"username\":\"mallory\\n\"}"));
    c.add(post400("body username: tab", "{\"username\":\"mal\\tlory\"}"));
    c.add(post400("body username: NUL", "{\"username\":\"mal\\u0000lory\"}"));
    c.add(post400("body username: upper case", "{\"username\":\"Mallory\"}"));
    c.add(post400("body username: Cyrillic a", "{\"username\":\"m\u0430llory\"}"));
    c.add(post400("body username: fullwidth m", "{\"username\":\"\uff4dallory\"}"));
    c.add(post400("body username: composed e-acute", "{\"username\":\"caf\u00e9\"}"));
    c.add(post400("body username: decomposed e-acute", "{\"username\":\"cafe\u0301\"}"));
    c.add(post400("body username: zero-width space", "{\"username\":\"mal\u200blory\"}"));
    c.add(post400("body username: lone surrogate", "{\"username\":\"\\ud800\"}"));
    // Invalid usernames in the path.
    c.add(get400("path username: upper case", "/users/Alice"));
    c.add(get400("path username: encoded slash", "/users/%2F"));
    c.add(get400("path username: encoded slash inside", "/users/a%2Fb"));
    c.add(get400("path username: encoded dot dot", "/users/%2e%2e"));
    c.add(get400("path username: raw dot dot", "/users/.."));
    c.add(get400("path username: encoded space", "/users/mal%20lory"));
    c.add(get400("path username: plus", "/users/mal+lory"));
    // Jetty refuses an encoded NUL in a path before routing; the handler's own 400 for it is in
    // HandlerEventAttackTests.
    c.add(gatewayRejects("path username: encoded NUL", "/users/alice%00"));
    c.add(get400("path username: encoded newline", "/users/alice%0A"));
    c.add(gatewayRejects("path username: malformed escape", "/users/%zz"));
    c.add(gatewayRejects("path username: truncated escape", "/users/alice%"));
    c.add(gatewayRejects("path username: raw NUL", "/users/ali\u0000ce"));
    c.add(gatewayRejects("path username: raw pipe", "/users/ali|ce"));
    c.add(get400("path username: raw UTF-8 bytes", "/users/caf\u00c3\u00a9"));
    c.add(get400("path username: invalid UTF-8", "/users/%C3%28"));
    c.add(get400("path username: overlong UTF-8 slash", "/users/%C0%AF"));
    c.add(get400("path username: Cyrillic a", "/users/%D0%B0lice"));
    c.add(get400("path username: composed e-acute", "/users/caf%C3%A9"));
    c.add(get400("path username: decomposed e-acute", "/users/cafe%CC%81"));
    c.add(get400("path username: zero-width space", "/users/%E2%80%8Balice"));
    c.add(get400("path username: 65 characters", "/users/" + "a".repeat(65)));
    c.add(
        new Case(
            "path username: PUT upper case",
            "PUT",
            "/users/ALICE",
            JSON,
            bytes("{\"a\":1}"),
            400,
            "invalid-request",
            0));
    c.add(
        new Case(
            "path username: DELETE dot dot",
            "DELETE",
            "/users/%2E%2E",
            List.of(),
            null,
            400,
            "invalid-request",
            0));
    // Sizes.
    c.add(
        post(
            "body over 64 KiB",
            "{\"username\":\"mallory\",\"a\":\"" + "x".repeat(65_536) + "\"}",
            413,
            "too-large"));
    c.add(
        new Case(
            "PUT body over 64 KiB",
            "PUT",
            "/users/alice",
            JSON,
            bytes("{\"a\":\"" + "x".repeat(65_536) + "\"}"),
            413,
            "too-large",
            0));
    c.add(
        new Case(
            "PUT that would grow the item past 400 KB",
            "PUT",
            "/users/bigfoot",
            JSON,
            bytes("{\"blob9\":\"" + "y".repeat(60_000) + "\"}"),
            413,
            "too-large",
            1));
    c.add(post400("nesting 17 levels", "{\"username\":\"mallory\",\"a\":" + nested(17) + "}"));
    c.add(
        post400("nesting 30000 levels", "{\"username\":\"mallory\",\"a\":" + nested(30_000) + "}"));
    c.add(post400("101 attributes", attributes(101)));
    c.add(post400("5000 attributes", attributes(5000)));
    c.add(put400("PUT: 101 attributes", attributes(101).replace("\"username\":\"mallory\",", "")));
    c.add(
        post400(
            "attribute name of 65 characters",
            "{\"username\":\"mallory\",\"" + "n".repeat(65) + "\":1}"));
    c.add(
        post400(
            "attribute name of 20000 characters",
            "{\"username\":\"mallory\",\"" + "n".repeat(20_000) + "\":1}"));
    c.add(
        post400(
            "nested key of 256 characters",
            "{\"username\":\"mallory\",\"a\":{\"" + "k".repeat(256) + "\":1}}"));
    c.add(post400("nested key empty", "{\"username\":\"mallory\",\"a\":{\"\":1}}"));
    c.add(
        post400(
            "nested key with control char", "{\"username\":\"mallory\",\"a\":{\"k\\u0001\":1}}"));
    c.add(post400("attribute name empty", "{\"username\":\"mallory\",\"\":1}"));
    c.add(post400("attribute name with space", "{\"username\":\"mallory\",\"e mail\":1}"));
    c.add(post400("attribute name with dot", "{\"username\":\"mallory\",\"a.b\":1}"));
    c.add(post400("attribute name starting with digit", "{\"username\":\"mallory\",\"1a\":1}"));
    c.add(
        post400("attribute value: lone surrogate", "{\"username\":\"mallory\",\"a\":\"\\udc00\"}"));
    c.add(
        post400(
            "number: 39 significant digits",
            "{\"username\":\"mallory\",\"a\":" + "1".repeat(39) + "}"));
    c.add(post400("number: 1E+126", "{\"username\":\"mallory\",\"a\":1E+126}"));
    c.add(post400("number: 1E-131", "{\"username\":\"mallory\",\"a\":1E-131}"));
    c.add(post400("number: exponent overflow", "{\"username\":\"mallory\",\"a\":1e99999999999}"));
    // Server-owned fields.
    c.add(
        post400(
            "POST createdAt", "{\"username\":\"mallory\",\"createdAt\":\"2000-01-01T00:00:00Z\"}"));
    c.add(
        post400(
            "POST updatedAt", "{\"username\":\"mallory\",\"updatedAt\":\"2000-01-01T00:00:00Z\"}"));
    c.add(post400("POST version", "{\"username\":\"mallory\",\"version\":99}"));
    c.add(put400("PUT createdAt", "{\"createdAt\":\"2000-01-01T00:00:00Z\"}"));
    c.add(put400("PUT updatedAt", "{\"updatedAt\":null}"));
    c.add(put400("PUT version", "{\"version\":1}"));
    c.add(put400("PUT username differing from the path", "{\"username\":\"mallory\"}"));
    c.add(put400("PUT username equal to the path", "{\"username\":\"alice\"}"));
    c.add(put400("PUT username null", "{\"username\":null}"));
    // Duplicate keys.
    c.add(post400("duplicate username key", "{\"username\":\"mallory\",\"username\":\"trudy\"}"));
    c.add(post400("duplicate attribute key", "{\"username\":\"mallory\",\"a\":1,\"a\":2}"));
    c.add(post400("duplicate nested key", "{\"username\":\"mallory\",\"a\":{\"b\":1,\"b\":2}}"));
    c.add(put400("PUT duplicate key", "{\"a\":1,\"a\":null}"));
    // Content types.
    c.add(
        ctype415(
            "content type: text/plain",
            "POST",
            "/users",
            List.of(new Header("Content-Type", "text/plain"))));
    c.add(ctype415("content type: missing", "POST", "/users", List.of()));
    c.add(
        ctype415(
            "content type: application/xml",
            "POST",
            "/users",
            List.of(new Header("Content-Type", "application/xml"))));
    c.add(
        ctype415(
            "content type: form",
            "POST",
            "/users",
            List.of(new Header("Content-Type", "application/x-www-form-urlencoded"))));
    c.add(
        ctype415(
            "content type: octet-stream (base64 event)",
            "POST",
            "/users",
            List.of(new Header("Content-Type", "application/octet-stream"))));
    c.add(
        ctype415(
            "content type: multipart",
            "POST",
            "/users",
            List.of(new Header("Content-Type", "multipart/form-data; boundary=x"))));
    c.add(
        ctype415(
            "content type: latin-1 charset",
            "POST",
            "/users",
            List.of(new Header("Content-Type", "application/json; charset=iso-8859-1"))));
    c.add(
        ctype415(
            "content type: bare json",
            "POST",
            "/users",
            List.of(new Header("Content-Type", "json"))));
    c.add(
        ctype415(
            "content type: application/jsonx",
            "POST",
            "/users",
            List.of(new Header("Content-Type", "application/jsonx"))));
    c.add(
        ctype415(
            "content type: sent twice",
            "POST",
            "/users",
            List.of(
                new Header("Content-Type", "application/json"),
                new Header("Content-Type", "application/json"))));
    c.add(
        ctype415(
            "content type: PUT text/plain",
            "PUT",
            "/users/alice",
            List.of(new Header("Content-Type", "text/plain"))));
    // Methods and paths.
    c.add(method405("method: PATCH a user", "PATCH", "/users/alice"));
    c.add(method405("method: POST a user", "POST", "/users/alice"));
    c.add(method405("method: DELETE the collection", "DELETE", "/users"));
    c.add(method405("method: PUT the collection", "PUT", "/users"));
    c.add(method405("method: OPTIONS", "OPTIONS", "/users"));
    c.add(method405("method: made up", "FOO", "/users"));
    c.add(method405("method: lower-case delete", "delete", "/users/alice"));
    c.add(method405("method: lower-case get", "get", "/users"));
    c.add(notFound("path: root", "GET", "/"));
    c.add(notFound("path: singular", "GET", "/user"));
    c.add(notFound("path: upper case", "GET", "/USERS"));
    c.add(notFound("path: trailing slash", "GET", "/users/"));
    c.add(notFound("path: user trailing slash", "GET", "/users/alice/"));
    c.add(notFound("path: extra segment", "DELETE", "/users/alice/extra"));
    c.add(notFound("path: empty segment", "GET", "/users//alice"));
    c.add(notFound("path: traversal", "GET", "/users/../etc/passwd"));
    c.add(notFound("path: made-up method on unknown path", "FOO", "/admin"));
    // limit.
    c.add(get400("limit: -1", "/users?limit=-1"));
    c.add(get400("limit: 0", "/users?limit=0"));
    c.add(get400("limit: 101", "/users?limit=101"));
    c.add(get400("limit: huge", "/users?limit=99999999999999999999"));
    c.add(get400("limit: not a number", "/users?limit=ten"));
    c.add(get400("limit: decimal", "/users?limit=1.5"));
    c.add(get400("limit: empty", "/users?limit="));
    c.add(get400("limit: NUL", "/users?limit=1%00"));
    c.add(get400("limit: plus sign", "/users?limit=+5"));
    c.add(gatewayRejects("limit: malformed escape", "/users?limit=%zz"));
    c.add(get400("query: unknown parameter", "/users?admin=true"));
    // cursor.
    c.add(get400("cursor: empty", "/users?cursor="));
    c.add(get400("cursor: not base64", "/users?cursor=!!!!"));
    c.add(get400("cursor: tampered", "/users?cursor={cursor-tampered}"));
    c.add(get400("cursor: truncated", "/users?cursor={cursor-truncated}"));
    c.add(get400("cursor: doubled", "/users?cursor={cursor}{cursor}"));
    c.add(get400("cursor: foreign, wrong checksum", "/users?cursor=" + b64("u1:alice:00000000")));
    c.add(get400("cursor: foreign, other version", "/users?cursor=" + b64("u2:alice:0")));
    c.add(
        get400(
            "cursor: foreign, DynamoDB key JSON",
            "/users?cursor=" + b64("{\"username\":{\"S\":\"alice\"}}")));
    c.add(get400("cursor: 10 KB", "/users?cursor=" + "A".repeat(10_000)));
    c.add(get400("cursor: with limit 0", "/users?cursor={cursor}&limit=0"));
    // If-Match.
    c.add(ifMatch("If-Match: garbage", "PUT", ifMatchHeader("garbage"), 400, 0));
    c.add(ifMatch("If-Match: unterminated", "PUT", ifMatchHeader("\"2"), 400, 0));
    c.add(ifMatch("If-Match: empty", "PUT", ifMatchHeader(""), 400, 0));
    c.add(ifMatch("If-Match: list", "PUT", ifMatchHeader("\"1\", \"2\""), 400, 0));
    c.add(ifMatch("If-Match: sent twice", "PUT", ifMatchHeader("\"2\"", "\"2\""), 400, 0));
    // A NUL in a header value is refused by the edge (RFC 9110 5.5 allows only that or SP).
    c.add(
        new Case(
            "If-Match: NUL inside",
            "PUT",
            "/users/alice",
            ifMatchHeader("\"2\u0000\""),
            bytes("{\"country\":\"x\"}"),
            400,
            GATEWAY_400,
            0));
    c.add(ifMatch("If-Match: garbage on DELETE", "DELETE", ifMatchHeader("2"), 400, 0));
    c.add(ifMatch("If-Match: weak tag", "PUT", ifMatchHeader("W/\"2\""), 412, 1));
    c.add(ifMatch("If-Match: zero", "PUT", ifMatchHeader("\"0\""), 412, 1));
    c.add(ifMatch("If-Match: negative", "PUT", ifMatchHeader("\"-2\""), 412, 1));
    c.add(
        ifMatch(
            "If-Match: overflowing", "PUT", ifMatchHeader("\"99999999999999999999999\""), 412, 1));
    c.add(ifMatch("If-Match: stale", "PUT", ifMatchHeader("\"1\""), 412, 1));
    c.add(ifMatch("If-Match: stale on DELETE", "DELETE", ifMatchHeader("\"1\""), 412, 1));
    c.add(ifMatch("If-Match: on a missing user", "PUT", ifMatchHeader("\"1\""), 404, 1));
    // Writes the conditions refuse.
    c.add(
        post(
            "create an existing user",
            "{\"username\":\"alice\",\"email\":\"" + PD + "\"}",
            409,
            "user-already-exists"));
    c.get(c.size() - 1);
    return fixCalls(c);
  }

  /** The create of an existing user reaches DynamoDB once; every other POST case none. */
  private static List<Case> fixCalls(List<Case> c) {
    return c.stream()
        .map(
            x ->
                x.name().equals("create an existing user")
                    ? new Case(
                        x.name(),
                        x.method(),
                        x.target(),
                        x.headers(),
                        x.body(),
                        x.status(),
                        x.problemType(),
                        1)
                    : x)
        .toList();
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(s));
  }
}
