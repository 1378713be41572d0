package com.example.users.local;

import static com.example.users.local.ApiProbe.assertProblem;
import static com.example.users.local.ApiProbe.assertRequestLogged;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.config.HandlerConfig;
import com.example.users.local.FaultyDynamoDb.Fault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DynamoDB throttled, failing, unreachable or hung underneath the real handler, served over real
 * HTTP with the default time budget (attempts of 1 s, 3 attempts, 3 s per call): every route
 * answers 503 with Retry-After (504 when DynamoDB hangs) inside the budget, without internals, logs
 * the failure once, writes nothing, and works again once DynamoDB recovers.
 */
class StorageFaultTests {

  private static final Duration CALL_BUDGET =
      HandlerConfig.of("t", "r", Optional.empty()).callTimeout();

  /** Slack for a busy 2-core machine on top of the SDK's own budget. */
  private static final Duration SLACK = Duration.ofMillis(1500);

  private static final ApiProbe.Log LOG = new ApiProbe.Log();
  private static FaultyDynamoDb dynamoDb;
  private static LocalServer server;
  private static URI base;

  /** One request per route; the personal data in it must not be logged. */
  record Call(String name, String method, String path, String body, String route) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final List<Call> CALLS =
      List.of(
          new Call(
              "create",
              "POST",
              "/users",
              "{\"username\":\"mallory\",\"email\":\"PD-9c1e\"}",
              "POST /users"),
          new Call("get", "GET", "/users/alice", null, "GET /users/{username}"),
          new Call(
              "update", "PUT", "/users/alice", "{\"email\":\"PD-9c1e\"}", "PUT /users/{username}"),
          new Call("delete", "DELETE", "/users/alice", null, "DELETE /users/{username}"),
          new Call("list", "GET", "/users?limit=5", null, "GET /users"));

  @BeforeAll
  static void start() throws Exception {
    dynamoDb = new FaultyDynamoDb();
    server = LocalServer.start(0, Optional.empty(), LOG.stream, c -> c, List.of(dynamoDb));
    base = server.baseUrl();
    assertThat(
            ApiProbe.send(base, "POST", "/users", "{\"username\":\"alice\",\"email\":\"PD-0a0a\"}")
                .statusCode())
        .isEqualTo(201);
  }

  @AfterEach
  void recover() {
    dynamoDb.clear();
  }

  @AfterAll
  static void stop() {
    server.close();
    dynamoDb.close();
  }

  /**
   * Every route under each kind of failure that the SDK retries quickly; the throttling codes,
   * which back off for about a second per call, on every route for one code and on one route for
   * the others.
   */
  static Stream<Arguments> unavailable() {
    List<Arguments> args = new ArrayList<>();
    for (Fault f :
        List.of(
            Fault.PROVISIONED_THROUGHPUT_EXCEEDED,
            Fault.INTERNAL_SERVER_ERROR,
            Fault.SERVICE_UNAVAILABLE,
            Fault.UNREACHABLE)) {
      for (Call c : CALLS) {
        args.add(Arguments.of(f, c));
      }
    }
    args.add(Arguments.of(Fault.THROTTLING, CALLS.get(1)));
    args.add(Arguments.of(Fault.REQUEST_LIMIT_EXCEEDED, CALLS.get(2)));
    return args.stream();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("unavailable")
  void anUnavailableDatabase_shouldGive503WithRetryAfter_andWriteNothing(Fault fault, Call call)
      throws Exception {
    String before = ApiProbe.snapshot(server);
    int injectedBefore = dynamoDb.injected();
    dynamoDb.set(fault);
    int mark = LOG.mark();
    long start = System.nanoTime();
    HttpResponse<String> r = ApiProbe.send(base, call.method(), call.path(), call.body());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    dynamoDb.clear();
    assertThat(dynamoDb.injected()).as("the fault was hit").isGreaterThan(injectedBefore);
    String requestId =
        assertProblem(
            r.statusCode(),
            r.headers().firstValue("content-type"),
            r.body(),
            503,
            "storage-unavailable");
    assertThat(r.headers().firstValue("retry-after")).contains("1");
    assertThat(r.body())
        .doesNotContain(
            "injected", "INJECTED", fault.errorType == null ? "Connection" : fault.errorType);
    assertThat(took).as("inside the call budget").isLessThan(CALL_BUDGET.plus(SLACK));
    assertRequestLogged(
        LOG.since(mark), requestId, call.route(), 503, 1, List.of("PD-", "alice", "mallory"));
    ApiProbe.assertUnchanged(before, ApiProbe.snapshot(server));
  }

  @ParameterizedTest(name = "hung database on {0}")
  @MethodSource("writes")
  void aHungDatabase_shouldGive504InsideTheBudget(Call call) throws Exception {
    String before = ApiProbe.snapshot(server);
    int injectedBefore = dynamoDb.injected();
    dynamoDb.set(Fault.SLOW);
    int mark = LOG.mark();
    long start = System.nanoTime();
    HttpResponse<String> r = ApiProbe.send(base, call.method(), call.path(), call.body());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    dynamoDb.clear();
    assertThat(dynamoDb.injected()).as("the fault was hit").isGreaterThan(injectedBefore);
    String requestId =
        assertProblem(
            r.statusCode(),
            r.headers().firstValue("content-type"),
            r.body(),
            504,
            "storage-timeout");
    assertThat(took).as("bounded by the call time-out").isLessThan(CALL_BUDGET.plus(SLACK));
    assertThat(took)
        .as("not before the call time-out")
        .isGreaterThanOrEqualTo(CALL_BUDGET.minusMillis(100));
    assertRequestLogged(
        LOG.since(mark), requestId, call.route(), 504, 1, List.of("PD-", "alice", "mallory"));
    ApiProbe.assertUnchanged(before, ApiProbe.snapshot(server));
  }

  static Stream<Call> writes() {
    return CALLS.stream().filter(c -> List.of("create", "update", "delete").contains(c.name()));
  }

  @Test
  void aThrottledFirstAttempt_shouldBeRetried() throws Exception {
    String before = ApiProbe.snapshot(server);
    int injectedBefore = dynamoDb.injected();
    dynamoDb.failResponses(Fault.PROVISIONED_THROUGHPUT_EXCEEDED, 1);
    int mark = LOG.mark();
    HttpResponse<String> r = ApiProbe.send(base, "GET", "/users/alice", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(dynamoDb.injected()).isEqualTo(injectedBefore + 1);
    assertThat(LOG.since(mark)).contains("\"status\":200", "\"dynamodbCalls\":1");
    ApiProbe.assertUnchanged(before, ApiProbe.snapshot(server));
  }

  /**
   * DynamoDB applies a write, then its answer is a 500: the SDK retries and meets the write it
   * already made. A create or update proves it by its write token and gets the first attempt's
   * answer, not 409/412; a delete cannot prove the user was gone by its own doing and gets the
   * documented 504, never a guessed 204.
   */
  @Test
  void aWriteWhoseAnswerIsLostAfterItApplied_shouldReportOnlyWhatItCanProve() throws Exception {
    dynamoDb.failResponses(Fault.INTERNAL_SERVER_ERROR, 1);
    HttpResponse<String> created =
        ApiProbe.send(base, "POST", "/users", "{\"username\":\"lost-answer\",\"a\":1}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(ApiProbe.send(base, "GET", "/users/lost-answer", null).body())
        .isEqualTo(created.body());

    dynamoDb.failResponses(Fault.INTERNAL_SERVER_ERROR, 1);
    HttpResponse<String> updated =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.resolve("/users/lost-answer"))
                    .header("content-type", "application/json")
                    .header("if-match", "\"1\"")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"a\":2}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertThat(updated.body()).contains("\"a\":2", "\"version\":2");

    dynamoDb.failResponses(Fault.INTERNAL_SERVER_ERROR, 1);
    assertThat(ApiProbe.send(base, "DELETE", "/users/lost-answer", null).statusCode())
        .isEqualTo(504);
    assertThat(ApiProbe.send(base, "GET", "/users/lost-answer", null).statusCode()).isEqualTo(404);
  }

  @Test
  void afterAnOutage_everyRouteShouldWorkAgain_andNothingWasHalfWritten() throws Exception {
    String before = ApiProbe.snapshot(server);
    String alice = ApiProbe.send(base, "GET", "/users/alice", null).body();
    for (Fault f : List.of(Fault.SERVICE_UNAVAILABLE, Fault.UNREACHABLE)) {
      dynamoDb.set(f);
      for (Call c : CALLS) {
        assertThat(ApiProbe.send(base, c.method(), c.path(), c.body()).statusCode()).isEqualTo(503);
      }
      dynamoDb.clear();
    }
    ApiProbe.assertUnchanged(before, ApiProbe.snapshot(server));
    assertThat(ApiProbe.send(base, "GET", "/users/alice", null).body()).isEqualTo(alice);
    Map<String, Integer> steps = new java.util.LinkedHashMap<>();
    steps.put(
        "POST /users",
        ApiProbe.send(base, "POST", "/users", "{\"username\":\"phoenix\"}").statusCode());
    steps.put(
        "GET /users/phoenix", ApiProbe.send(base, "GET", "/users/phoenix", null).statusCode());
    steps.put(
        "PUT /users/phoenix",
        ApiProbe.send(base, "PUT", "/users/phoenix", "{\"a\":1}", "If-Match", "\"1\"")
            .statusCode());
    HttpResponse<String> list = ApiProbe.send(base, "GET", "/users?limit=100", null);
    steps.put("GET /users", list.statusCode());
    steps.put(
        "DELETE /users/phoenix",
        ApiProbe.send(base, "DELETE", "/users/phoenix", null, "If-Match", "\"2\"").statusCode());
    steps.put(
        "GET /users/phoenix (gone)",
        ApiProbe.send(base, "GET", "/users/phoenix", null).statusCode());
    assertThat(steps)
        .containsExactly(
            Map.entry("POST /users", 201),
            Map.entry("GET /users/phoenix", 200),
            Map.entry("PUT /users/phoenix", 200),
            Map.entry("GET /users", 200),
            Map.entry("DELETE /users/phoenix", 204),
            Map.entry("GET /users/phoenix (gone)", 404));
    assertThat(list.body()).contains("\"username\":\"phoenix\"", "\"username\":\"alice\"");
    ApiProbe.assertUnchanged(before, ApiProbe.snapshot(server));
  }

  /**
   * The handler's default DynamoDB budget (3 attempts, but never more than the call time-out) fits
   * the Lambda time-out the infrastructure sets by default, with room for the handler's own work.
   */
  @Test
  void theDefaultTimeBudget_shouldFitTheLambdaTimeout() throws Exception {
    HandlerConfig defaults =
        HandlerConfig.fromEnvironment(
            Map.of("USERS_TABLE_NAME", "users", "AWS_REGION", "eu-west-1"));
    assertThat(defaults.attemptTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(defaults.maxAttempts()).isEqualTo(3);
    assertThat(defaults.callTimeout()).isEqualTo(Duration.ofSeconds(3));
    String pulumi = Files.readString(Path.of("..", "..", "Pulumi.yaml"));
    Matcher m =
        Pattern.compile("lambdaTimeoutSeconds:\\s*\\n\\s*type: integer\\s*\\n\\s*default: (\\d+)")
            .matcher(pulumi);
    assertThat(m.find()).as("lambdaTimeoutSeconds default in Pulumi.yaml").isTrue();
    Duration lambdaTimeout = Duration.ofSeconds(Long.parseLong(m.group(1)));
    // One DynamoDB call per request, bounded by the call time-out, plus slack for the handler.
    assertThat(defaults.callTimeout().plus(SLACK)).isLessThan(lambdaTimeout);
  }
}
