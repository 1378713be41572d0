package com.example.users.infra.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code trafficShifting}, {@code codeDeployRoleArn} and the whole-number throttle rate. */
class TrafficShiftingSettingsTests {

  private static final String BOUNDARY = "arn:aws:iam::111111111111:policy/b";
  private static final String ROLE = "arn:aws:iam::111111111111:role/gha-users-codedeploy";

  private static StackSettings parse(Map<String, String> project) {
    return StackSettings.parse(
        k -> Optional.ofNullable(project.get(k)),
        k ->
            Optional.ofNullable(
                Map.of("region", "eu-west-1", "allowedAccountIds", "[\"111111111111\"]").get(k)));
  }

  @Test
  void trafficShifting_isNone_byDefault() {
    StackSettings s = parse(Map.of());
    assertThat(s.trafficShifting()).isEqualTo(TrafficShifting.NONE);
    assertThat(s.trafficShifting().byCodeDeploy()).isFalse();
    assertThat(s.trafficShifting().deploymentConfigName()).isEmpty();
    assertThat(s.codeDeployRoleArn()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = TrafficShifting.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
  void trafficShifting_namesCodeDeploysLambdaConfiguration(TrafficShifting shifting) {
    StackSettings s = parse(Map.of("trafficShifting", shifting.settingValue()));
    assertThat(s.trafficShifting()).isEqualTo(shifting);
    assertThat(s.trafficShifting().byCodeDeploy()).isTrue();
    assertThat(s.trafficShifting().deploymentConfigName())
        .contains("CodeDeployDefault.Lambda" + shifting.settingValue());
  }

  @Test
  void trafficShifting_refusesAnUnknownConfiguration_listingTheAllowedOnes() {
    assertThatThrownBy(() -> parse(Map.of("trafficShifting", "Canary50Percent")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("trafficShifting = \"Canary50Percent\"")
        .hasMessageContaining("none, AllAtOnce, Canary10Percent5Minutes");
  }

  @Test
  void codeDeployRole_isRequired_whenTheStackIsBoundedAndShiftsTraffic() {
    assertThatThrownBy(
            () ->
                parse(
                    Map.of(
                        "trafficShifting",
                        "Canary10Percent5Minutes",
                        "permissionsBoundaryArn",
                        BOUNDARY)))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("codeDeployRoleArn = \"\"")
        .hasMessageContaining("the toolchain's output codeDeployRoleArn");
    StackSettings s =
        parse(
            Map.of(
                "trafficShifting", "Canary10Percent5Minutes",
                "permissionsBoundaryArn", BOUNDARY,
                "codeDeployRoleArn", ROLE));
    assertThat(s.codeDeployRoleArn()).contains(ROLE);
    // Without the boundary (a developer's own sandbox) the stack may create its own.
    assertThat(parse(Map.of("trafficShifting", "AllAtOnce")).codeDeployRoleArn()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "arn:aws:iam::222222222222:role/gha-users-codedeploy",
        "arn:aws:iam::111111111111:policy/not-a-role",
        "gha-users-codedeploy"
      })
  void codeDeployRole_mustBeARoleInTheAllowedAccount(String arn) {
    assertThatThrownBy(() -> parse(Map.of("codeDeployRoleArn", arn)))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("codeDeployRoleArn = \"" + arn + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.5", "0", "10001"})
  void throttleRateLimit_isAWholeNumber_asPulumiYamlDeclaresIt(String rate) {
    assertThatThrownBy(() -> parse(Map.of("throttleRateLimit", rate)))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("throttleRateLimit = \"" + rate + "\": allowed: an integer from 1");
    assertThat(parse(Map.of("throttleRateLimit", "50")).throttleRateLimit()).isEqualTo(50.0);
  }
}
