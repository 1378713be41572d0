package com.example.users.storage;

import com.example.users.config.HandlerConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the one DynamoDB client a handler uses: region, credentials provider and HTTP client are
 * all chosen explicitly, so that nothing is probed at cold start.
 */
public final class DynamoDbClients {

  /**
   * {@link UrlConnectionHttpClient#clientName()}, which the SDK puts in its user agent; known here
   * so that naming the client does not wait for it to be built (a test keeps it equal).
   */
  static final String HTTP_CLIENT_NAME = "UrlConnection";

  /**
   * The JDK property that lets {@code HttpURLConnection} send a buffered POST a second time, on a
   * new connection, when reading its answer fails. The SDK would not know of that second send: a
   * write whose answer was lost after DynamoDB applied it would look sent once (see {@link
   * BufferedBodyHttpClient}). The JDK reads it once, when its HTTP client class is first used.
   */
  static final String RETRY_POST = "sun.net.http.retryPost";

  static {
    // This class is initialised by the handler's constructor, before any HTTP request. A value set
    // on the command line is left as it is.
    if (System.getProperty(RETRY_POST) == null) {
      System.setProperty(RETRY_POST, "false");
    }
  }

  private DynamoDbClients() {}

  /**
   * The credentials provider for the Lambda environment. SnapStart functions get their credentials
   * from the container endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}); others from
   * environment variables.
   *
   * @throws IllegalStateException if neither is available
   */
  public static AwsCredentialsProvider lambdaCredentials(Map<String, String> env) {
    if (env.containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
      return ContainerCredentialsProvider.builder().build();
    }
    if (env.containsKey("AWS_ACCESS_KEY_ID")) {
      return EnvironmentVariableCredentialsProvider.create();
    }
    throw new IllegalStateException(
        "No AWS credentials in the environment: expected AWS_CONTAINER_CREDENTIALS_FULL_URI"
            + " (SnapStart) or AWS_ACCESS_KEY_ID, as the Lambda runtime sets them.");
  }

  /** Fixed credentials for a local engine (dynalite), which checks none. */
  public static AwsCredentialsProvider localCredentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
  }

  /**
   * Builds a client on the URL-connection HTTP client, built in the background (see {@link
   * BackgroundHttpClient}), with request bodies sent from a buffer (see {@link
   * BufferedBodyHttpClient}).
   *
   * @param config region, endpoint, timeouts and retries
   * @param credentials where credentials come from
   * @param interceptors extra interceptors (request counting, fault injection in tests)
   */
  public static DynamoDbClient create(
      HandlerConfig config,
      AwsCredentialsProvider credentials,
      List<ExecutionInterceptor> interceptors) {
    return create(
        config,
        credentials,
        interceptors,
        new BackgroundHttpClient(HTTP_CLIENT_NAME, () -> httpClient(config)));
  }

  /**
   * The HTTP client a handler's DynamoDB client uses: the SDK's URL-connection client, sending
   * request bodies from a buffer (see {@link BufferedBodyHttpClient}).
   */
  static SdkHttpClient httpClient(HandlerConfig config) {
    return new BufferedBodyHttpClient(
        UrlConnectionHttpClient.builder()
            .connectionTimeout(config.attemptTimeout())
            // A write's one attempt may take the whole call budget (see UserTable); the
            // SDK's time-outs bound each call below this.
            .socketTimeout(config.callTimeout())
            .build());
  }

  /**
   * Builds a client on the given HTTP client, configured as {@link #create(HandlerConfig,
   * AwsCredentialsProvider, List)} configures its own: SnapStart priming rehearses the request path
   * on an HTTP client that answers from memory.
   */
  public static DynamoDbClient create(
      HandlerConfig config,
      AwsCredentialsProvider credentials,
      List<ExecutionInterceptor> interceptors,
      SdkHttpClient httpClient) {
    ClientOverrideConfiguration.Builder override =
        ClientOverrideConfiguration.builder()
            .apiCallTimeout(config.callTimeout())
            .apiCallAttemptTimeout(config.attemptTimeout())
            .retryStrategy(RetryMode.STANDARD)
            .retryStrategy(b -> b.maxAttempts(config.maxAttempts()));
    interceptors.forEach(override::addExecutionInterceptor);
    var builder =
        DynamoDbClient.builder()
            .region(Region.of(config.region()))
            .credentialsProvider(credentials)
            .httpClient(httpClient)
            .overrideConfiguration(override.build());
    config.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
