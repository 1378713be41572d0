package com.example.users.infra.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing and validation of the settings, independently of Pulumi. */
class StackSettingsTests {

  private static StackSettings parse(Map<String, String> project) {
    return StackSettings.parse(
        k -> Optional.ofNullable(project.get(k)),
        k -> Optional.of("us-east-1").filter(v -> k.equals("region")));
  }

  @Test
  void parse_usesTheDefaults_whenNothingIsSet() {
    StackSettings s = parse(Map.of());
    assertThat(s.billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    assertThat(s.lambdaArchitecture()).isEqualTo(Architecture.ARM64);
    assertThat(s.lambdaMemoryMb()).isEqualTo(1024);
    assertThat(s.lambdaTimeoutSeconds()).isEqualTo(10);
    assertThat(s.apiAuth()).isEqualTo(ApiAuth.IAM);
    assertThat(s.javaToolOptions()).isEqualTo("-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    assertThat(s.alarmEmail()).isEmpty();
    assertThat(s.jwtAudience()).isEmpty();
    assertThat(s.permissionsBoundaryArn()).isEmpty();
    assertThat(s.lambdaReservedConcurrency()).as("no reservation by default").isEmpty();
    assertThat(s.corsAllowedOrigins()).as("no CORS by default").isEmpty();
    assertThat(s.jwtReadScopes()).containsExactly("users:read");
    assertThat(s.jwtWriteScopes()).containsExactly("users:write");
  }

  @Test
  void parse_readsAReservation_andMinusOneAsNone() {
    assertThat(parse(Map.of("lambdaReservedConcurrency", "20")).lambdaReservedConcurrency())
        .contains(20);
    assertThat(parse(Map.of("lambdaReservedConcurrency", "-1")).lambdaReservedConcurrency())
        .isEmpty();
  }

  @Test
  void parse_readsCorsOrigins_andScopes_asCommaSeparatedLists() {
    StackSettings s =
        parse(
            Map.of(
                "corsAllowedOrigins",
                " https://app.example.com, http://localhost:3000 ,https://x.example.com:8443",
                "jwtReadScopes",
                "users:read, api/read",
                "jwtWriteScopes",
                "users:write"));
    assertThat(s.corsAllowedOrigins())
        .containsExactly(
            "https://app.example.com", "http://localhost:3000", "https://x.example.com:8443");
    assertThat(s.jwtReadScopes()).containsExactly("users:read", "api/read");
    assertThat(parse(Map.of("corsAllowedOrigins", "*")).corsAllowedOrigins()).containsExactly("*");
  }

  @Test
  void parse_rejectsAScopeThatBothReadsAndWrites() {
    assertThatThrownBy(
            () ->
                parse(
                    Map.of("jwtReadScopes", "users:read,users:all", "jwtWriteScopes", "users:all")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("jwtWriteScopes = \"users:all\"")
        .hasMessageContaining("a token with users:all could then write");
  }

  @Test
  void requireToolchainRegion_failsOnlyWhenBothRegionsAreKnownAndDiffer() {
    StackSettings s = parse(Map.of());
    s.requireToolchainRegion(Optional.empty());
    s.requireToolchainRegion(Optional.of(" "));
    s.requireToolchainRegion(Optional.of("us-east-1"));
    assertThatThrownBy(() -> s.requireToolchainRegion(Optional.of("eu-west-1")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("aws:region = \"us-east-1\": allowed: eu-west-1")
        .hasMessageContaining("or deploy the toolchain in us-east-1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "arn:aws:iam::123456789012:policy/user-management-function-boundary",
        "arn:aws:iam::123456789012:policy/boundaries/team-a/users_boundary+v2",
        "arn:aws-cn:iam::123456789012:policy/user-management-function-boundary",
        "arn:aws-us-gov:iam::123456789012:policy/b"
      })
  void parse_readsAPermissionsBoundary_givenACustomerManagedPolicyArn(String arn) {
    assertThat(parse(Map.of("permissionsBoundaryArn", " " + arn + " ")).permissionsBoundaryArn())
        .contains(arn);
  }

  @Test
  void parse_acceptsABoundaryInTheAllowedAccount() {
    StackSettings s =
        StackSettings.parse(
            k ->
                Optional.of("arn:aws:iam::111111111111:policy/b")
                    .filter(v -> k.equals("permissionsBoundaryArn")),
            k ->
                Optional.ofNullable(
                    Map.of("region", "eu-west-1", "allowedAccountIds", "[\"111111111111\"]")
                        .get(k)));
    assertThat(s.permissionsBoundaryArn()).contains("arn:aws:iam::111111111111:policy/b");
  }

  @Test
  void parse_rejectsABoundaryInAnotherAccountThanTheAllowedOne() {
    assertThatThrownBy(
            () ->
                StackSettings.parse(
                    k ->
                        Optional.of("arn:aws:iam::222222222222:policy/b")
                            .filter(v -> k.equals("permissionsBoundaryArn")),
                    k ->
                        Optional.ofNullable(
                            Map.of(
                                    "region",
                                    "eu-west-1",
                                    "allowedAccountIds",
                                    "[\"111111111111\",\"333333333333\"]")
                                .get(k))))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("permissionsBoundaryArn = \"arn:aws:iam::222222222222:policy/b\"")
        .hasMessageContaining(
            "allowed: a policy in an account aws:allowedAccountIds allows (111111111111,"
                + " 333333333333)");
  }

  @Test
  void parse_readsJwtSettings_splittingAudiences() {
    StackSettings s =
        parse(
            Map.of(
                "apiAuth", "jwt", "jwtIssuer", "https://issuer.example", "jwtAudience", "a, b,"));
    assertThat(s.apiAuth()).isEqualTo(ApiAuth.JWT);
    assertThat(s.jwtIssuer()).contains("https://issuer.example");
    assertThat(s.jwtAudience()).containsExactly("a", "b");
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "billingMode|FREE|allowed: one of PAY_PER_REQUEST, PROVISIONED",
        "lambdaReservedConcurrency|0|allowed: -1 (no reservation, the default) or an integer from"
            + " 1 to 1000",
        "lambdaReservedConcurrency|-2|allowed: -1 (no reservation, the default) or an integer from"
            + " 1 to 1000",
        "lambdaReservedConcurrency|ten|at least 10 unreserved executions, or Lambda refuses it",
        "corsAllowedOrigins|https://app.example.com/|not an origin: https://app.example.com/",
        "corsAllowedOrigins|app.example.com|not an origin: app.example.com",
        "corsAllowedOrigins|http://app.example.com|http:// only for localhost or 127.0.0.1",
        "corsAllowedOrigins|https://App.example.com|lower case",
        "corsAllowedOrigins|'*,https://app.example.com'|or * alone for any origin",
        "jwtReadScopes|users read|allowed: one or more comma-separated OAuth scopes",
        "jwtWriteScopes|users\"write|allowed: one or more comma-separated OAuth scopes",
        "lambdaMemoryMb|64|allowed: an integer from 128 to 10240",
        "lambdaMemoryMb|20000|allowed: an integer from 128 to 10240",
        "lambdaTimeoutSeconds|60|allowed: an integer from 2 to 30",
        "lambdaTimeoutSeconds|1|allowed: an integer from 2 to 30",
        "lambdaArchitecture|arm|allowed: one of arm64, x86_64",
        "apiAuth|cognito|allowed: one of none, iam, jwt",
        "logRetentionDays|10|allowed: one of 1, 3, 5, 7, 14, 30",
        "lambdaLogLevel|LOUD|allowed: one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL",
        "pointInTimeRecovery|yes|allowed: true or false",
        "throttleRateLimit|0|allowed: an integer from 1 to 10000",
        "throttleBurstLimit|0|allowed: an integer from 1 to 5000",
        "autoscalingTargetPercent|95|allowed: an integer from 20 to 90",
        "alarmEmail|ops|allowed: an e-mail address",
        "permissionsBoundaryArn|user-management-function-boundary|allowed: the ARN of a customer"
            + " managed IAM policy",
        "permissionsBoundaryArn|arn:aws:iam::aws:policy/AdministratorAccess|allowed: the ARN of a"
            + " customer managed IAM policy",
        "permissionsBoundaryArn|arn:aws:iam::123456789012:role/user-management-boundary|allowed:"
            + " the ARN of a customer managed IAM policy",
        "permissionsBoundaryArn|arn:aws:iam::123456789012:policy/*|allowed: the ARN of a customer"
            + " managed IAM policy",
        "permissionsBoundaryArn|arn:aws:iam::1234:policy/b|the toolchain stack's output"
            + " permissionsBoundaryArn",
      })
  void parse_rejectsABadValue_namingKeyValueAndWhatIsAllowed(
      String key, String value, String allowed) {
    assertThatThrownBy(() -> parse(Map.of(key, value)))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining(key + " = \"" + value + "\"")
        .hasMessageContaining(allowed);
  }

  @Test
  void parse_rejectsJwt_withoutIssuerOrAudience() {
    assertThatThrownBy(() -> parse(Map.of("apiAuth", "jwt")))
        .isInstanceOfSatisfying(
            InvalidSettingsException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("jwtIssuer = \"\"")
                                .contains("required when apiAuth is jwt"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("jwtAudience = \"\"")
                                .contains("required when apiAuth is jwt")));
  }

  @Test
  void parse_rejectsAMaximumBelowTheMinimum() {
    assertThatThrownBy(() -> parse(Map.of("tableReadCapacity", "10", "tableMaxReadCapacity", "5")))
        .hasMessageContaining(
            "tableMaxReadCapacity = \"5\": allowed: at least tableReadCapacity (10)");
  }

  @Test
  void parse_reportsEveryProblemAtOnce() {
    Map<String, String> bad = new HashMap<>();
    bad.put("billingMode", "FREE");
    bad.put("lambdaMemoryMb", "1");
    assertThatThrownBy(() -> parse(bad))
        .isInstanceOfSatisfying(
            InvalidSettingsException.class, e -> assertThat(e.problems()).hasSize(2));
  }

  @Test
  void parse_requiresARegion() {
    assertThatThrownBy(() -> StackSettings.parse(k -> Optional.empty(), k -> Optional.empty()))
        .hasMessageContaining("aws:region = \"\"")
        .hasMessageContaining("pulumi config set aws:region");
  }
}
