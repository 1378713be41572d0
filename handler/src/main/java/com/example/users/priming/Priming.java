package com.example.users.priming;

import com.amazonaws.services.lambda.runtime.Context;
import com.example.users.http.ApiHandler;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * SnapStart priming: what {@link SnapStartHandler#beforeCheckpoint} runs so that the first request
 * after a restore finds the request path loaded and compiled, as a warm one does. Nothing is
 * written to the table. Two parts:
 *
 * <ol>
 *   <li><b>Real requests</b> to DynamoDB that cannot change anything: a read of a user that does
 *       not exist ({@link #READ_ROUNDS} times), and {@link #REAL_ROUNDS} times a create refused
 *       before storage and an update and a delete that DynamoDB refuses by their condition ({@code
 *       If-Match: "0"}, a version no user has). They load and compile the HTTP client, TLS, signing
 *       with the function's credentials, and the error answers. Then {@link #HANDSHAKE_ROUNDS} more
 *       reads, each on a new connection (see {@link NewConnectionPerRequest}): what the first
 *       request after a restore does, a TCP connect and a full TLS handshake, compiled too.
 *   <li><b>Rehearsals</b> of every success path (201 create, 200 read, 200 update, 204 delete, 200
 *       page) on a handler configured like the real one whose DynamoDB requests a {@link
 *       RehearsalHttpClient} answers from memory, {@link #ROUNDS} times: enough for the JIT to
 *       compile the hot path (the benchmark's first-request rows show the effect).
 * </ol>
 *
 * <p>Both stop early once priming has taken {@link #BUDGET}.
 */
final class Priming {

  /** The user every priming request names. */
  static final String USER = "snapstart-priming";

  /**
   * Rounds of all four real requests, for their error answers (the update and the delete each cost
   * a write unit and change nothing).
   */
  static final int REAL_ROUNDS = 25;

  /**
   * Rounds of the real read (each costs one read unit, about $0.000075 for all of them on demand):
   * enough for the JIT to compile the HTTP client's own path, which the rehearsals never reach.
   * Measured on the benchmark machine, medians of five primed JVMs, first GET / first create after
   * priming: 25 reads 4.6 / 5.0 ms, 200 reads 5.4 / 4.6 ms, 600 reads 3.4 / 4.1 ms, against warm
   * p50s of about 2.7 / 3.2 ms.
   */
  static final int READ_ROUNDS = 600;

  /**
   * Reads on a new connection each, for the TLS handshake's code (one read unit each): the first
   * request after a restore opens a new connection, and the pooled reads above make only one.
   */
  static final int HANDSHAKE_ROUNDS = 40;

  /** Rounds of the five success paths. */
  static final int ROUNDS = 300;

  /**
   * The most time priming may take: far inside the init limit that SnapStart gives the code run
   * before a snapshot, hooks included (130 s or the function's time-out, whichever is higher; AWS
   * Lambda developer guide, "Lambda SnapStart runtime hooks"). On this project's 2-core benchmark
   * machine all of it takes 4–5 s; a function with less CPU takes longer.
   */
  static final Duration BUDGET = Duration.ofSeconds(20);

  /** Priming's log lines go nowhere: they would only be noise in the function's log. */
  private static final Context SILENT = new SilentContext();

  /** An entity tag no stored user matches: versions start at 1. */
  private static final String NO_VERSION = "\"0\"";

  /**
   * What priming did.
   *
   * @param requests the statuses of the real requests, in order (404, 400, 404, 404 when DynamoDB
   *     is reachable and no user has the priming name)
   * @param handshakes the statuses of the reads on new connections (404 each)
   * @param rehearsal the statuses of the first rehearsal round (201, 200, 200, 204, 200)
   * @param rounds the rehearsal rounds run
   */
  record Report(
      List<Integer> requests, List<Integer> handshakes, List<Integer> rehearsal, int rounds) {}

  private Priming() {}

  /**
   * Primes {@code handler}.
   *
   * @param newConnections a handler configured like {@code handler} that sends each DynamoDB
   *     request on a new connection
   * @param rehearsalOf a handler configured like {@code handler} whose DynamoDB requests the given
   *     HTTP client answers
   */
  static Report prime(
      ApiHandler handler,
      ApiHandler newConnections,
      Function<SdkHttpClient, ApiHandler> rehearsalOf) {
    String path = "/users/" + USER;
    byte[] read = event("GET", path, "", null, null);
    byte[] refusedCreate =
        event(
            "POST",
            "/users",
            "",
            "{\"username\":\"" + USER + "\",\"version\":1,\"n\":1.5,\"a\":[true,null]}",
            null);
    byte[] refusedUpdate =
        event("PUT", path, "", "{\"email\":\"priming@example.com\",\"n\":1}", NO_VERSION);
    byte[] refusedDelete = event("DELETE", path, "", null, NO_VERSION);
    List<byte[]> all = List.of(read, refusedCreate, refusedUpdate, refusedDelete);
    List<byte[]> readOnly = List.of(read);
    long deadline = System.nanoTime() + BUDGET.toNanos();
    Rounds real =
        serveRounds(handler, READ_ROUNDS, deadline, round -> round < REAL_ROUNDS ? all : readOnly);
    List<Integer> handshakes = new ArrayList<>();
    for (int i = 0; i < HANDSHAKE_ROUNDS && System.nanoTime() < deadline; i++) {
      handshakes.add(serve(newConnections, read));
    }
    return rehearse(rehearsalOf, real.firstStatuses(), handshakes, deadline);
  }

  private static Report rehearse(
      Function<SdkHttpClient, ApiHandler> rehearsalOf,
      List<Integer> real,
      List<Integer> handshakes,
      long deadline) {
    ApiHandler rehearsal = rehearsalOf.apply(new RehearsalHttpClient(USER));
    String path = "/users/" + USER;
    List<byte[]> events =
        List.of(
            event(
                "POST",
                "/users",
                "",
                "{\"username\":\""
                    + USER
                    + "\",\"email\":\"priming@example.com\",\"n\":1.5,"
                    + "\"a\":[true,null,{\"b\":\"c\"}],\"tags\":[\"x\",\"y\"]}",
                null),
            event("GET", path, "", null, null),
            event(
                "PUT",
                path,
                "",
                "{\"email\":\"priming@example.org\",\"n\":2,\"tags\":[\"x\"]}",
                "\"1\""),
            event("DELETE", path, "", null, "\"2\""),
            event("GET", "/users", "limit=2", null, null));
    Rounds rehearsed = serveRounds(rehearsal, ROUNDS, deadline, round -> events);
    return new Report(real, List.copyOf(handshakes), rehearsed.firstStatuses(), rehearsed.run());
  }

  /** The statuses of a first round, and how many rounds ran. */
  private record Rounds(List<Integer> firstStatuses, int run) {}

  /** Serves each round's events, up to {@code max} rounds or until {@code deadline} passes. */
  private static Rounds serveRounds(
      ApiHandler handler, int max, long deadline, IntFunction<List<byte[]>> eventsOfRound) {
    List<Integer> first = new ArrayList<>();
    int round = 0;
    for (; round < max && System.nanoTime() < deadline; round++) {
      for (byte[] event : eventsOfRound.apply(round)) {
        int status = serve(handler, event);
        if (round == 0) {
          first.add(status);
        }
      }
    }
    return new Rounds(List.copyOf(first), round);
  }

  /** Serves one event and returns its status, or -1 if the handler failed to answer. */
  private static int serve(ApiHandler handler, byte[] event) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handler.handleRequest(new ByteArrayInputStream(event), out, SILENT);
      return JsonParser.parseString(out.toString(StandardCharsets.UTF_8))
          .getAsJsonObject()
          .get("statusCode")
          .getAsInt();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * An API Gateway HTTP API payload 2.0 event with the fields the handler reads, as API Gateway
   * writes them for such a request.
   */
  static byte[] event(String method, String path, String query, String body, String ifMatch) {
    JsonObject headers = new JsonObject();
    headers.addProperty("content-type", "application/json");
    if (ifMatch != null) {
      headers.addProperty("if-match", ifMatch);
    }
    JsonObject http = new JsonObject();
    http.addProperty("method", method);
    http.addProperty("path", path);
    JsonObject context = new JsonObject();
    context.add("http", http);
    context.addProperty("requestId", "priming");
    JsonObject event = new JsonObject();
    event.addProperty("version", "2.0");
    event.addProperty("rawPath", path);
    event.addProperty("rawQueryString", query);
    event.add("headers", headers);
    event.add("requestContext", context);
    if (body != null) {
      event.addProperty("body", body);
    }
    event.addProperty("isBase64Encoded", false);
    return event.toString().getBytes(StandardCharsets.UTF_8);
  }
}
