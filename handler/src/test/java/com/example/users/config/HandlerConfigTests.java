package com.example.users.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandlerConfigTests {

  private static Map<String, String> env(String... kv) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      env.put(kv[i], kv[i + 1]);
    }
    return env;
  }

  @Test
  void fromEnvironment_shouldReadRequiredValuesAndDefaults() {
    HandlerConfig c =
        HandlerConfig.fromEnvironment(env("USERS_TABLE_NAME", "t", "AWS_REGION", "eu-west-1"));
    assertThat(c.tableName()).isEqualTo("t");
    assertThat(c.region()).isEqualTo("eu-west-1");
    assertThat(c.endpoint()).isEmpty();
    assertThat(c.callTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.attemptTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.maxAttempts()).isEqualTo(3);
  }

  @Test
  void fromEnvironment_shouldReadOverrides() {
    HandlerConfig c =
        HandlerConfig.fromEnvironment(
            env(
                "USERS_TABLE_NAME",
                "t",
                "AWS_REGION",
                "r",
                "DYNAMODB_ENDPOINT",
                "http://127.0.0.1:1",
                "DYNAMODB_CALL_TIMEOUT_MS",
                "500",
                "DYNAMODB_ATTEMPT_TIMEOUT_MS",
                "200",
                "DYNAMODB_MAX_ATTEMPTS",
                "2"));
    assertThat(c.endpoint()).contains(URI.create("http://127.0.0.1:1"));
    assertThat(c.callTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.maxAttempts()).isEqualTo(2);
  }

  @Test
  void fromEnvironment_shouldNameTheMissingOrInvalidVariable() {
    assertThatThrownBy(() -> HandlerConfig.fromEnvironment(env("AWS_REGION", "r")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("USERS_TABLE_NAME is not set");
    assertThatThrownBy(() -> HandlerConfig.fromEnvironment(env("USERS_TABLE_NAME", "t")))
        .hasMessageContaining("AWS_REGION is not set");
    assertThatThrownBy(
            () ->
                HandlerConfig.fromEnvironment(
                    env("USERS_TABLE_NAME", "t", "AWS_REGION", "r", "DYNAMODB_MAX_ATTEMPTS", "x")))
        .hasMessageContaining("DYNAMODB_MAX_ATTEMPTS must be a whole number");
    assertThatThrownBy(
            () ->
                HandlerConfig.fromEnvironment(
                    env("USERS_TABLE_NAME", "t", "AWS_REGION", "r", "DYNAMODB_MAX_ATTEMPTS", "0")))
        .hasMessageContaining("DYNAMODB_MAX_ATTEMPTS must be 1..10");
    assertThatThrownBy(
            () ->
                HandlerConfig.fromEnvironment(
                    env(
                        "USERS_TABLE_NAME",
                        "t",
                        "AWS_REGION",
                        "r",
                        "DYNAMODB_CALL_TIMEOUT_MS",
                        "10")))
        .hasMessageContaining("DYNAMODB_CALL_TIMEOUT_MS must be at least");
    assertThatThrownBy(
            () ->
                HandlerConfig.fromEnvironment(
                    env(
                        "USERS_TABLE_NAME",
                        "t",
                        "AWS_REGION",
                        "r",
                        "DYNAMODB_ATTEMPT_TIMEOUT_MS",
                        "0")))
        .hasMessageContaining("must be positive");
  }

  @Test
  void attempts_shouldBeAllowedFromOneToTen_andTheRecordShouldRefuseBlankNames() {
    for (String ok : new String[] {"1", "10"}) {
      assertThat(
              HandlerConfig.fromEnvironment(
                      env("USERS_TABLE_NAME", "t", "AWS_REGION", "r", "DYNAMODB_MAX_ATTEMPTS", ok))
                  .maxAttempts())
          .isEqualTo(Integer.parseInt(ok));
    }
    assertThatThrownBy(
            () ->
                HandlerConfig.fromEnvironment(
                    env("USERS_TABLE_NAME", "t", "AWS_REGION", "r", "DYNAMODB_MAX_ATTEMPTS", "11")))
        .hasMessageContaining("DYNAMODB_MAX_ATTEMPTS must be 1..10");
    assertThatThrownBy(() -> HandlerConfig.of(" ", "r", java.util.Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("USERS_TABLE_NAME must not be blank");
    assertThatThrownBy(() -> HandlerConfig.of("t", " ", java.util.Optional.empty()))
        .hasMessageContaining("AWS_REGION must not be blank");
    assertThat(
            HandlerConfig.fromEnvironment(
                    env("USERS_TABLE_NAME", "t", "AWS_REGION", "r", "DYNAMODB_ENDPOINT", " "))
                .endpoint())
        .as("a blank endpoint means none")
        .isEmpty();
  }
}
