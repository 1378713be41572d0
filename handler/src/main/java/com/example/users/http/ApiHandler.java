package com.example.users.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.users.config.HandlerConfig;
import com.example.users.storage.DynamoDbCallCounter;
import com.example.users.storage.DynamoDbClients;
import com.example.users.storage.UserTable;
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
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The entry point of the request path: reads an API Gateway HTTP API payload 2.0 event ({@link
 * EventReader}), serves it ({@link UserApi} on the {@link RouteTable}), writes the 2.0 response
 * ({@link EventWriter}) and one request log line. Local mode serves HTTP through this same method.
 *
 * <p>All set-up (configuration, the DynamoDB client) happens once, in the constructor. The Lambda
 * function's configured handler is {@code com.example.users.priming.SnapStartHandler}, which wraps
 * this one and primes it before the SnapStart snapshot; without SnapStart, this class can be the
 * configured handler itself ({@code com.example.users.http.ApiHandler::handleRequest}).
 */
public final class ApiHandler implements RequestStreamHandler {

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
   * A handler whose DynamoDB client sends its requests through the given HTTP client, configured
   * otherwise as {@link #ApiHandler(HandlerConfig, AwsCredentialsProvider, List)}'s: SnapStart
   * priming rehearses the success paths on one whose HTTP client answers from memory.
   */
  public ApiHandler(
      HandlerConfig config, AwsCredentialsProvider credentials, SdkHttpClient httpClient) {
    this(
        config,
        Clock.systemUTC(),
        List.of(),
        all -> DynamoDbClients.create(config, credentials, all, httpClient));
  }

  /**
   * Serves one event: Lambda's, or local mode's, which hands over the event's text the same way.
   * Writes the response, then the request's log line.
   */
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    long start = System.nanoTime();
    LambdaLogger logger = context.getLogger();
    counter.reset();
    HttpRequest request;
    UserApi.Outcome outcome;
    try {
      request = EventReader.read(new InputStreamReader(input, StandardCharsets.UTF_8));
    } catch (EventReader.UnreadableBody unreadable) {
      // The event is a request whose body could not be read: log its method and route anyway.
      String method = unreadable.method();
      String route =
          RouteTable.match(method, unreadable.rawPath()).map(m -> m.routeKey(method)).orElse("-");
      Problem p = unreadable.problem();
      respond(output, p.toResponse(context.getAwsRequestId()));
      RequestLog.request(
          logger, context.getAwsRequestId(), method, route, p.status(), millis(start), 0);
      return;
    } catch (RuntimeException e) {
      // Not an HTTP API v2 event: a wiring error, not a client error.
      Problem p = Problem.internalError(context.getAwsRequestId());
      RequestLog.failure(logger, context.getAwsRequestId(), "-", e);
      respond(output, p.toResponse(context.getAwsRequestId()));
      RequestLog.request(logger, context.getAwsRequestId(), "-", "-", 500, millis(start), 0);
      return;
    }
    outcome = api.handle(request, budget(context));
    outcome
        .failure()
        .ifPresent(f -> RequestLog.failure(logger, request.requestId(), outcome.routeKey(), f));
    respond(output, outcome.response());
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
    output.write(EventWriter.write(response).getBytes(StandardCharsets.UTF_8));
    output.flush();
  }

  private static double millis(long start) {
    return (System.nanoTime() - start) / 1_000_000.0;
  }
}
