package com.example.users.priming;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.users.config.HandlerConfig;
import com.example.users.http.ApiHandler;
import com.example.users.storage.DynamoDbClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The Lambda function's configured handler: the {@link ApiHandler} serves every request, and this
 * class primes it before the SnapStart snapshot is taken ({@link #beforeCheckpoint}, see {@link
 * Priming}). Nothing on the request path knows of it: to drop priming, delete this package and
 * configure {@code ApiHandler} as the handler.
 */
public final class SnapStartHandler implements RequestStreamHandler, Resource {

  private final HandlerConfig config;
  private final ApiHandler handler;
  private final ApiHandler newConnections;

  /**
   * The Lambda runtime's constructor: configuration and credentials from the environment, and
   * registration for SnapStart's checkpoint.
   */
  public SnapStartHandler() {
    this(HandlerConfig.fromEnvironment(System.getenv()));
    Core.getGlobalContext().register(this);
  }

  private SnapStartHandler(HandlerConfig config) {
    this(config, DynamoDbClients.lambdaCredentials(System.getenv()));
  }

  private SnapStartHandler(HandlerConfig config, AwsCredentialsProvider credentials) {
    this(config, new ApiHandler(config, credentials, List.of()), credentials);
  }

  /**
   * Wraps a handler built for {@code config}.
   *
   * @param config the handler's configuration, which the rehearsal handlers of priming share
   * @param credentials the handler's credentials, for priming's requests on new connections
   */
  SnapStartHandler(HandlerConfig config, ApiHandler handler, AwsCredentialsProvider credentials) {
    this.config = config;
    this.handler = handler;
    this.newConnections =
        new ApiHandler(config, credentials, List.of(new NewConnectionPerRequest()));
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    handler.handleRequest(input, output, context);
  }

  /**
   * Primes the request path before the SnapStart snapshot is taken (see {@link Priming}): nothing
   * is written, and failures are ignored, as priming is an optimisation.
   */
  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    prime();
  }

  /** Primes the handler; see {@link Priming}. */
  Priming.Report prime() {
    return Priming.prime(
        handler,
        newConnections,
        answers -> new ApiHandler(config, DynamoDbClients.localCredentials(), answers));
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    // Nothing to refresh: credentials come from the container endpoint on demand, and the HTTP
    // client's pool checks a connection idle for 2 s before lending it (every snapshot's is), so
    // the one priming left open is replaced before the first request, not found by its failure.
  }
}
