package com.example.users.infra.settings;

import java.util.Optional;

/**
 * How a new version of the function reaches users: at once, when {@code pulumi up} moves the alias
 * ({@link #NONE}), or shifted by AWS CodeDeploy from the old version to the new one with one of its
 * predefined Lambda deployment configurations, rolled back when a rollback alarm fires.
 */
public enum TrafficShifting {
  /** No CodeDeploy: {@code pulumi up} points the alias at the new version. For sandboxes. */
  NONE("none"),
  /** CodeDeploy moves all traffic at once (still after the pre-traffic check, still alarmed). */
  ALL_AT_ONCE("AllAtOnce"),
  /** 10 % for 5 minutes, then the rest. */
  CANARY_10_PERCENT_5_MINUTES("Canary10Percent5Minutes"),
  /** 10 % for 10 minutes, then the rest. */
  CANARY_10_PERCENT_10_MINUTES("Canary10Percent10Minutes"),
  /** 10 % for 15 minutes, then the rest. */
  CANARY_10_PERCENT_15_MINUTES("Canary10Percent15Minutes"),
  /** 10 % for 30 minutes, then the rest. */
  CANARY_10_PERCENT_30_MINUTES("Canary10Percent30Minutes"),
  /** 10 % more every minute. */
  LINEAR_10_PERCENT_EVERY_1_MINUTE("Linear10PercentEvery1Minute"),
  /** 10 % more every 2 minutes. */
  LINEAR_10_PERCENT_EVERY_2_MINUTES("Linear10PercentEvery2Minutes"),
  /** 10 % more every 3 minutes. */
  LINEAR_10_PERCENT_EVERY_3_MINUTES("Linear10PercentEvery3Minutes"),
  /** 10 % more every 10 minutes. */
  LINEAR_10_PERCENT_EVERY_10_MINUTES("Linear10PercentEvery10Minutes");

  private final String settingValue;

  TrafficShifting(String settingValue) {
    this.settingValue = settingValue;
  }

  /** The value as written in the stack's configuration. */
  public String settingValue() {
    return settingValue;
  }

  /**
   * The CodeDeploy deployment configuration, e.g. {@code
   * CodeDeployDefault.LambdaCanary10Percent5Minutes}; empty for {@link #NONE}.
   */
  public Optional<String> deploymentConfigName() {
    return this == NONE ? Optional.empty() : Optional.of("CodeDeployDefault.Lambda" + settingValue);
  }

  /** Whether CodeDeploy, not Pulumi, moves the alias. */
  public boolean byCodeDeploy() {
    return this != NONE;
  }
}
