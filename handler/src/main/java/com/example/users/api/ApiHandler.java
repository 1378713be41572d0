package com.example.users.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.users.config.DynamoDbClients;
import com.example.users.config.HandlerConfig;
import com.example.users.storage.UserRepository;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Lambda entry point ({@code com.example.users.api.ApiHandler::handleRequest}): reads an API
 * Gateway HTTP API payload 2.0 event, serves it, writes the 2.0 response. Local mode serves HTTP
 * through this same class.
 *
 * <p>All set-up (configuration, the DynamoDB client) happens once, in the constructor. With
 * SnapStart, {@link #beforeCheckpoint} primes the request path before the snapshot is taken.
 */
public final class ApiHandler implements RequestStreamHandler, Resource {

  private static final String PRIMING_USER = "snapstart-priming";

  /** An entity tag no stored user matches: versions start at 1. */
  private static final String NO_VERSION = "\"0\"";

  /** See {@link HandlerConfig#RESPONSE_MARGIN}. */
  static final Duration RESPONSE_MARGIN = HandlerConfig.RESPONSE_MARGIN;

  private final UserApi api;
  private final DynamoDbCallCounter counter;
  private final Duration callTimeout;

  /** The Lambda runtime's constructor: configuration from the environment. */
  public ApiHandler() {
    this(
        HandlerConfig.fromEnvironment(System.getenv()),
        DynamoDbClients.lambdaCredentials(System.getenv()),
        List.of());
    Core.getGlobalContext().register(this);
  }

  /**
   * A handler with an explicit configuration and credentials, for local mode and tests.
   *
   * @param interceptors extra SDK interceptors (request counting, fault injection)
   */
  public ApiHandler(
      HandlerConfig config,
      AwsCredentialsProvider credentials,
      List<ExecutionInterceptor> interceptors) {
    this(config, credentials, interceptors, Clock.systemUTC());
  }

  ApiHandler(
      HandlerConfig config,
      AwsCredentialsProvider credentials,
      List<ExecutionInterceptor> interceptors,
      Clock clock) {
    this.counter = new DynamoDbCallCounter();
    this.callTimeout = config.callTimeout();
    List<ExecutionInterceptor> all = new ArrayList<>(interceptors);
    all.add(counter);
    DynamoDbClient client = DynamoDbClients.create(config, credentials, all);
    this.api =
        new UserApi(new UserRepository(client, config.tableName(), config.attemptTimeout()), clock);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    serve(
        () -> EventReader.read(new InputStreamReader(input, StandardCharsets.UTF_8)),
        context,
        response -> respond(output, response));
  }

  /**
   * Serves an event that is already parsed, as {@link #handleRequest} does once it has parsed the
   * bytes it was given: the same validation, routing, responses and log lines. Local mode calls
   * this to spare itself writing the event as JSON text only to have it parsed back, and reading
   * the response back from text.
   *
   * @param event the API Gateway HTTP API payload 2.0 event; anything else, {@code null} included,
   *     is answered as {@link #handleRequest} answers an event that is not one: a 500 problem
   * @param context the invocation's request id and logger
   * @return the payload 2.0 response: {@code statusCode}, {@code headers}, {@code body} and {@code
   *     isBase64Encoded}, which {@link #handleRequest} writes as JSON
   */
  public JsonObject handle(JsonElement event, Context context) {
    JsonObject[] response = new JsonObject[1];
    serve(
        () -> HttpRequest.fields(event.getAsJsonObject()), context, r -> response[0] = r.toEvent());
    return response[0];
  }

  /** Where {@link #serve} puts the response, before it writes the request's log line. */
  @FunctionalInterface
  private interface ResponseSink<E extends Exception> {
    void accept(HttpResponse response) throws E;
  }

  private <E extends Exception> void serve(
      Supplier<HttpRequest.Event> eventSource, Context context, ResponseSink<E> sink) throws E {
    long start = System.nanoTime();
    LambdaLogger logger = context.getLogger();
    counter.reset();
    HttpRequest request;
    UserApi.Outcome outcome;
    HttpRequest.Event event = null;
    try {
      event = eventSource.get();
      request = HttpRequest.of(event);
    } catch (Problem p) {
      // The event is a request whose body could not be read: log its method and route anyway.
      String method = event == null ? "-" : event.method();
      String route =
          RouteTable.match(method, event == null ? null : event.rawPath())
              .map(m -> m.routeKey(method))
              .orElse("-");
      sink.accept(p.toResponse(context.getAwsRequestId()));
      RequestLog.request(
          logger, context.getAwsRequestId(), method, route, p.status(), millis(start), 0);
      return;
    } catch (RuntimeException e) {
      // Not an HTTP API v2 event: a wiring error, not a client error.
      Problem p = Problem.internalError(context.getAwsRequestId());
      RequestLog.failure(logger, context.getAwsRequestId(), "-", e);
      sink.accept(p.toResponse(context.getAwsRequestId()));
      RequestLog.request(logger, context.getAwsRequestId(), "-", "-", 500, millis(start), 0);
      return;
    }
    outcome = api.handle(request, budget(context));
    outcome
        .failure()
        .ifPresent(f -> RequestLog.failure(logger, request.requestId(), outcome.routeKey(), f));
    sink.accept(outcome.response());
    RequestLog.request(
        logger,
        request.requestId(),
        request.method(),
        outcome.routeKey(),
        outcome.response().status(),
        millis(start),
        counter.count());
  }

  /**
   * The time DynamoDB may take for this request: the configured call time-out, but never more than
   * the invocation has left less {@link #RESPONSE_MARGIN}, so that a slow database ends in the
   * documented 504 and a log line rather than in the function's time-out.
   */
  private Duration budget(Context context) {
    Duration left = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(RESPONSE_MARGIN);
    return left.compareTo(callTimeout) < 0 ? left : callTimeout;
  }

  private static void respond(OutputStream output, HttpResponse response) throws IOException {
    output.write(response.toEventJson().getBytes(StandardCharsets.UTF_8));
    output.flush();
  }

  private static double millis(long start) {
    return (System.nanoTime() - start) / 1_000_000.0;
  }

  /**
   * Runs the request path once before the SnapStart snapshot: event parsing, routing, a read of a
   * user that does not exist, JSON validation of a create body that is refused before storage, a
   * conditional update and a conditional delete that DynamoDB refuses, and response serialisation.
   * No data is written. Failures are ignored: priming is an optimisation.
   */
  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    prime();
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    // Nothing to refresh: credentials come from the container endpoint on demand.
  }

  /**
   * Exercises the request path without writing anything. The update and the delete carry {@code
   * If-Match: "0"}, a version no user ever has (versions start at 1), so DynamoDB refuses both by
   * their condition, whether or not a user of that name exists: they prime the write requests'
   * marshalling and the conditional-failure answer (a 404, or a 412 if the user exists) and leave
   * the table as it was.
   *
   * @return the statuses of the priming requests (404, 400, 404, 404 when DynamoDB is reachable)
   */
  List<Integer> prime() {
    List<Integer> statuses = new ArrayList<>();
    String path = "/users/" + PRIMING_USER;
    statuses.add(primeOne(event("GET", path, Optional.empty(), Optional.empty())));
    statuses.add(
        primeOne(
            event(
                "POST",
                "/users",
                Optional.of(
                    "{\"username\":\""
                        + PRIMING_USER
                        + "\",\"version\":1,\"n\":1.5,\"a\":[true,null,{\"b\":\"c\"}]}"),
                Optional.empty())));
    statuses.add(
        primeOne(
            event(
                "PUT",
                path,
                Optional.of("{\"email\":\"priming@example.com\",\"n\":1,\"a\":[true,null]}"),
                Optional.of(NO_VERSION))));
    statuses.add(primeOne(event("DELETE", path, Optional.empty(), Optional.of(NO_VERSION))));
    return statuses;
  }

  private int primeOne(JsonObject event) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handleRequest(
          new ByteArrayInputStream(Json.toJson(event).getBytes(StandardCharsets.UTF_8)),
          out,
          new InvocationContext("priming", line -> {}));
      return JsonParser.parseString(out.toString(StandardCharsets.UTF_8))
          .getAsJsonObject()
          .get("statusCode")
          .getAsInt();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static JsonObject event(
      String method, String path, Optional<String> body, Optional<String> ifMatch) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    ifMatch.ifPresent(v -> headers.put("if-match", v));
    return HttpApiEvents.event(
        HttpApiEvents.Request.of(method, path, "", headers, body.orElse(null))
            .withRequestId("priming"));
  }
}
