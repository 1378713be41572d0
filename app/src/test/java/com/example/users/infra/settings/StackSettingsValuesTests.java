package com.example.users.infra.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every value a stack file sets reaches the program as written (not a default), and each range
 * admits its bounds and nothing beyond them. Written against the mutants PIT left alive.
 */
class StackSettingsValuesTests {

  private static StackSettings parse(Map<String, String> project) {
    return StackSettings.parse(
        k -> Optional.ofNullable(project.get(k)),
        k -> Optional.of("us-east-1").filter(v -> k.equals("region")));
  }

  @Test
  void parse_readsEverySetValue_atTheEdgesOfItsRange() {
    StackSettings s =
        parse(
            Map.ofEntries(
                Map.entry("billingMode", "PROVISIONED"),
                Map.entry("tableReadCapacity", "7"),
                Map.entry("tableWriteCapacity", "8"),
                // The maxima may equal the provisioned capacity.
                Map.entry("tableMaxReadCapacity", "7"),
                Map.entry("tableMaxWriteCapacity", "8"),
                Map.entry("autoscalingTargetPercent", "20"),
                Map.entry("pointInTimeRecovery", "false"),
                Map.entry("protectData", "true"),
                Map.entry("lambdaArchitecture", "x86_64"),
                Map.entry("lambdaMemoryMb", "10240"),
                Map.entry("lambdaTimeoutSeconds", "30"),
                Map.entry("lambdaReservedConcurrency", "1000"),
                Map.entry("logRetentionDays", "14"),
                Map.entry("apiAuth", "none"),
                Map.entry("throttleBurstLimit", "1"),
                Map.entry("throttleRateLimit", "10000"),
                Map.entry("alarmEmail", "ops@example.com")));
    assertThat(s.billingMode()).isEqualTo(BillingMode.PROVISIONED);
    assertThat(s.tableReadCapacity()).isEqualTo(7);
    assertThat(s.tableWriteCapacity()).isEqualTo(8);
    assertThat(s.tableMaxReadCapacity()).isEqualTo(7);
    assertThat(s.tableMaxWriteCapacity()).isEqualTo(8);
    assertThat(s.autoscalingTargetPercent()).isEqualTo(20);
    assertThat(s.pointInTimeRecovery()).isFalse();
    assertThat(s.protectData()).isTrue();
    assertThat(s.lambdaArchitecture()).isEqualTo(Architecture.X86_64);
    assertThat(s.lambdaMemoryMb()).isEqualTo(10_240);
    assertThat(s.lambdaTimeoutSeconds()).isEqualTo(30);
    assertThat(s.lambdaReservedConcurrency()).contains(1000);
    assertThat(s.logRetentionDays()).isEqualTo(14);
    assertThat(s.apiAuth()).isEqualTo(ApiAuth.NONE);
    assertThat(s.apiAuth().authorizationType()).isEqualTo("NONE");
    assertThat(s.throttleBurstLimit()).isEqualTo(1);
    assertThat(s.throttleRateLimit()).isEqualTo(10_000.0);
    assertThat(s.alarmEmail()).contains("ops@example.com");
  }

  @Test
  void parse_readsTheOppositeBooleans_andTheDefaultsOfTheRest() {
    StackSettings s = parse(Map.of("pointInTimeRecovery", "true", "protectData", "false"));
    assertThat(s.pointInTimeRecovery()).isTrue();
    assertThat(s.protectData()).isFalse();
    StackSettings defaults = parse(Map.of());
    assertThat(defaults.pointInTimeRecovery()).isTrue();
    assertThat(defaults.protectData()).isFalse();
    assertThat(defaults.throttleRateLimit()).isEqualTo(5.0);
    assertThat(defaults.throttleBurstLimit()).isEqualTo(10);
    assertThat(defaults.apiAuth().authorizationType()).isEqualTo("AWS_IAM");
  }

  @Test
  void blankValues_countAsUnset_andEmptyListItemsAreDropped() {
    StackSettings s =
        parse(
            Map.of(
                "lambdaMemoryMb", "   ",
                "jwtReadScopes", " , ",
                "jwtWriteScopes", "users:write,, admin",
                "apiAuth", "jwt",
                "jwtIssuer", "https://issuer.example.com",
                "jwtAudience", "a,, b ,"));
    assertThat(s.lambdaMemoryMb()).isEqualTo(1024);
    assertThat(s.jwtReadScopes()).containsExactly("users:read");
    assertThat(s.jwtWriteScopes()).containsExactly("users:write", "admin");
    assertThat(s.jwtAudience()).containsExactly("a", "b");
    assertThat(s.apiAuth().authorizationType()).isEqualTo("JWT");
  }

  @ParameterizedTest
  @CsvSource({
    "lambdaMemoryMb, 127",
    "lambdaMemoryMb, 10241",
    "lambdaReservedConcurrency, 1001",
    "throttleRateLimit, 0",
    "throttleRateLimit, 10000.5",
    "throttleRateLimit, fast",
    "protectData, yes",
    "pointInTimeRecovery, TRUE",
  })
  void valuesJustOutsideTheirRange_areRefused_namingTheKey(String key, String value) {
    assertThatThrownBy(() -> parse(Map.of(key, value)))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining(key + " = \"" + value + "\"");
  }

  @Test
  void theLowestReservation_isAccepted() {
    assertThat(parse(Map.of("lambdaReservedConcurrency", "1")).lambdaReservedConcurrency())
        .contains(1);
  }
}
