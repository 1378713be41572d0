package com.example.users.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.users.config.HandlerConfig;
import com.example.users.storage.DynamoDbCallCounter;
import com.example.users.storage.DynamoDbClients;
import com.example.users.storage.UserTable;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
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

  /** See {@link HandlerConfig#RESPONSE_MARGIN}. */
  static final Duration RESPONSE_MARGIN = HandlerConfig.RESPONSE_MARGIN;

  private final UserApi api;
  private final DynamoDbCallCounter counter;
  private final Duration callTimeout;
  private final HandlerConfig config;

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
    this(config, clock, interceptors, all -> DynamoDbClients.create(config, credentials, all));
  }

  /**
   * A handler whose DynamoDB client {@code client} builds from the interceptors it is given (the
   * request counter included).
   */
  private ApiHandler(
      HandlerConfig config,
      Clock clock,
      List<ExecutionInterceptor> interceptors,
      Function<List<ExecutionInterceptor>, DynamoDbClient> client) {
    this.config = config;
    this.counter = new DynamoDbCallCounter();
    this.callTimeout = config.callTimeout();
    List<ExecutionInterceptor> all = new ArrayList<>(interceptors);
    all.add(counter);
    this.api =
        new UserApi(
            new UserTable(client.apply(all), config.tableName(), config.attemptTimeout()), clock);
  }

  /**
   * A handler configured like this one whose DynamoDB requests {@code http} answers, with fixed
   * credentials: SnapStart priming rehearses the success paths on it (see {@link Priming}).
   */
  ApiHandler rehearsal(SdkHttpClient http) {
    return new ApiHandler(
        config,
        Clock.systemUTC(),
        List.of(),
        all -> DynamoDbClients.create(config, DynamoDbClients.localCredentials(), all, http));
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
   * Primes the request path before the SnapStart snapshot is taken (see {@link Priming}): nothing
   * is written, and failures are ignored, as priming is an optimisation.
   */
  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    Priming.prime(this);
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    // Nothing to refresh: credentials come from the container endpoint on demand, and the JDK
    // drops pooled connections idle longer than their keep-alive time, as every snapshot's are.
  }
}
