package com.example.users.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The handler's configuration, read once from the environment at init.
 *
 * <p>Timeouts keep every request inside the Lambda's time budget: at most {@code maxAttempts}
 * attempts of {@code attemptTimeout} each, and never more than {@code callTimeout} in all (default
 * 3 s, well under the function's 10 s timeout).
 *
 * @param tableName the DynamoDB table ({@value #TABLE_NAME_ENV})
 * @param region the AWS region ({@value #REGION_ENV}, set by Lambda)
 * @param endpoint an endpoint override, for a local engine such as dynalite ({@value
 *     #ENDPOINT_ENV})
 * @param callTimeout total time for one DynamoDB call including retries
 * @param attemptTimeout time for one attempt
 * @param maxAttempts attempts per call, the first included
 */
public record HandlerConfig(
    String tableName,
    String region,
    Optional<URI> endpoint,
    Duration callTimeout,
    Duration attemptTimeout,
    int maxAttempts) {

  /** Environment variable that names the DynamoDB table. Required. */
  public static final String TABLE_NAME_ENV = "USERS_TABLE_NAME";

  /** The region; Lambda sets it. Required. */
  public static final String REGION_ENV = "AWS_REGION";

  /** Optional DynamoDB endpoint override (a local engine such as dynalite). */
  public static final String ENDPOINT_ENV = "DYNAMODB_ENDPOINT";

  /** Optional total time per DynamoDB call, in milliseconds (default 3000). */
  public static final String CALL_TIMEOUT_ENV = "DYNAMODB_CALL_TIMEOUT_MS";

  /** Optional time per DynamoDB attempt, in milliseconds (default 1000). */
  public static final String ATTEMPT_TIMEOUT_ENV = "DYNAMODB_ATTEMPT_TIMEOUT_MS";

  /** Optional attempts per DynamoDB call (default 3). */
  public static final String MAX_ATTEMPTS_ENV = "DYNAMODB_MAX_ATTEMPTS";

  /** Default total time per DynamoDB call, retries included. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMillis(3000);

  /** Default time per DynamoDB attempt. */
  public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofMillis(1000);

  /** Default attempts per DynamoDB call, the first included. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /**
   * Time kept back from an invocation's remaining time for the handler's own work after its
   * DynamoDB call (the response and its log line): each call is bounded by what is left less this.
   */
  public static final Duration RESPONSE_MARGIN = Duration.ofMillis(500);

  /**
   * The shortest Lambda time-out the handler can work in with the default budgets: the response
   * margin plus one whole DynamoDB attempt. The infrastructure refuses shorter ones.
   */
  public static final Duration MINIMUM_FUNCTION_TIMEOUT =
      RESPONSE_MARGIN.plus(DEFAULT_ATTEMPT_TIMEOUT);

  /** Validates the combination. */
  public HandlerConfig {
    require(!tableName.isBlank(), TABLE_NAME_ENV + " must not be blank");
    require(!region.isBlank(), REGION_ENV + " must not be blank");
    require(maxAttempts >= 1 && maxAttempts <= 10, MAX_ATTEMPTS_ENV + " must be 1..10");
    require(
        !attemptTimeout.isNegative() && !attemptTimeout.isZero(),
        ATTEMPT_TIMEOUT_ENV + " must be positive");
    require(
        callTimeout.compareTo(attemptTimeout) >= 0,
        CALL_TIMEOUT_ENV + " must be at least " + ATTEMPT_TIMEOUT_ENV);
  }

  /** Defaults for everything but the table, region and endpoint. */
  public static HandlerConfig of(String tableName, String region, Optional<URI> endpoint) {
    return new HandlerConfig(
        tableName,
        region,
        endpoint,
        DEFAULT_CALL_TIMEOUT,
        DEFAULT_ATTEMPT_TIMEOUT,
        DEFAULT_MAX_ATTEMPTS);
  }

  /**
   * Reads the configuration from environment variables.
   *
   * @throws IllegalStateException naming the variable that is missing or invalid
   */
  public static HandlerConfig fromEnvironment(Map<String, String> env) {
    try {
      return new HandlerConfig(
          required(env, TABLE_NAME_ENV),
          required(env, REGION_ENV),
          Optional.ofNullable(env.get(ENDPOINT_ENV)).filter(s -> !s.isBlank()).map(URI::create),
          Duration.ofMillis(number(env, CALL_TIMEOUT_ENV, DEFAULT_CALL_TIMEOUT.toMillis())),
          Duration.ofMillis(number(env, ATTEMPT_TIMEOUT_ENV, DEFAULT_ATTEMPT_TIMEOUT.toMillis())),
          (int) number(env, MAX_ATTEMPTS_ENV, DEFAULT_MAX_ATTEMPTS));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Invalid handler configuration: " + e.getMessage(), e);
    }
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "Environment variable " + name + " is not set; the handler cannot start without it.");
    }
    return value;
  }

  private static long number(Map<String, String> env, String name, long fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
