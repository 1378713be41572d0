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
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.SdkHttpService;
import software.amazon.awssdk.http.apache5.Apache5SdkHttpService;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Builds the one DynamoDB client a handler uses: region, credentials provider and HTTP client are
 * all chosen explicitly, so that nothing is probed at cold start.
 *
 * <p>The HTTP client is the SDK's Apache 5 client (Apache HttpClient 5), as configured by the SDK:
 * it never re-sends a request by itself (the SDK turns its retries off, so every retry is an SDK
 * attempt the SDK counts), and its pool checks a connection idle for 2 s or more before lending it
 * (a connection the server closed is replaced before the request, not found by a failed attempt).
 */
public final class DynamoDbClients {

  /**
   * The SDK's own system property naming the {@link SdkHttpService} to use. The handler honours it
   * only so that the benchmark can compare other HTTP clients on the same configuration (their jars
   * are on its class path, never in the Lambda jar); unset, the Apache 5 client is used.
   */
  public static final String HTTP_SERVICE_PROPERTY = "software.amazon.awssdk.http.service.impl";

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
   * Builds a client on the HTTP client {@link #httpClient(HandlerConfig)} gives; the Apache 5
   * client is built in the background (see {@link BackgroundHttpClient}).
   *
   * @param config region, endpoint, timeouts and retries
   * @param credentials where credentials come from
   * @param interceptors extra interceptors (request counting, fault injection in tests)
   */
  public static DynamoDbClient create(
      HandlerConfig config,
      AwsCredentialsProvider credentials,
      List<ExecutionInterceptor> interceptors) {
    String service = System.getProperty(HTTP_SERVICE_PROPERTY);
    SdkHttpClient http =
        service == null
            ? new BackgroundHttpClient(HTTP_CLIENT_NAME, () -> httpClient(config))
            : httpClient(config, service);
    return create(config, credentials, interceptors, http);
  }

  /**
   * {@code Apache5HttpClient}'s name, which the SDK puts in its user agent; known here so that
   * naming the client does not wait for it to be built (a test keeps it equal).
   */
  static final String HTTP_CLIENT_NAME = "Apache5";

  /** The HTTP client a handler's DynamoDB client uses: the SDK's Apache 5 client. */
  static SdkHttpClient httpClient(HandlerConfig config) {
    return httpClient(new Apache5SdkHttpService(), config);
  }

  /**
   * The HTTP client of the {@link SdkHttpService} class named {@code service}, configured as the
   * handler's own (for the benchmark's comparison of clients).
   *
   * @throws IllegalStateException if there is no such service class on the class path
   */
  static SdkHttpClient httpClient(HandlerConfig config, String service) {
    SdkHttpService instance;
    try {
      instance = (SdkHttpService) Class.forName(service).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          HTTP_SERVICE_PROPERTY + " names " + service + ", which is no SdkHttpService here", e);
    }
    return httpClient(instance, config);
  }

  private static SdkHttpClient httpClient(SdkHttpService service, HandlerConfig config) {
    return service
        .createHttpClientBuilder()
        .buildWithDefaults(
            AttributeMap.builder()
                .put(SdkHttpConfigurationOption.CONNECTION_TIMEOUT, config.attemptTimeout())
                // A write's one attempt may take the whole call budget (see UserTable); the
                // SDK's time-outs bound each call below this.
                .put(SdkHttpConfigurationOption.READ_TIMEOUT, config.callTimeout())
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
