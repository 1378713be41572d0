package com.example.users.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.infra.RecordingMocks.Recorded;
import com.example.users.infra.deployment.SafeDeployment;
import com.example.users.infra.function.HandlerFunction;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.pulumi.test.PulumiTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Safe deploys under the mocks: production shifts its alias with CodeDeploy, rolled back by alarms
 * on the alias's errors and the API's 5xx; Pulumi leaves the alias's version to CodeDeploy.
 */
class SafeDeploymentTests {

  private static final String APPLICATION = "aws:codedeploy/application:Application";
  private static final String GROUP = "aws:codedeploy/deploymentGroup:DeploymentGroup";

  @Test
  void production_declaresTheApplicationAndGroup_wiredToTheAliasAndTheRollbackAlarms() {
    ProgramRun run = Runs.of("production");

    Recorded application = run.one(APPLICATION);
    assertThat(application.input("computePlatform")).isEqualTo("Lambda");
    Recorded group = run.one(GROUP);
    assertThat(group.input("appName")).isEqualTo(application.state().get("name"));
    assertThat(group.input("deploymentGroupName")).isEqualTo(SafeDeployment.GROUP);
    assertThat(group.input("deploymentConfigName"))
        .isEqualTo("CodeDeployDefault.LambdaCanary10Percent5Minutes");
    assertThat(group.input("serviceRoleArn"))
        .as("the toolchain's role, from the stack file")
        .isEqualTo(
            StackFiles.stackValues("production").get(StackFiles.PROJECT + ":codeDeployRoleArn"));
    assertThat(Runs.map(group.input("deploymentStyle")))
        .containsEntry("deploymentType", "BLUE_GREEN")
        .containsEntry("deploymentOption", "WITH_TRAFFIC_CONTROL");
    assertThat(Runs.map(group.input("autoRollbackConfiguration")))
        .containsEntry("enabled", true)
        .containsEntry("events", List.of("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"));

    Map<String, Object> alarmConfiguration = Runs.map(group.input("alarmConfiguration"));
    assertThat(alarmConfiguration).containsEntry("enabled", true);
    List<Recorded> rollbackAlarms =
        run.all(Types.ALARM).stream()
            .filter(
                a -> ((List<?>) alarmConfiguration.get("alarms")).contains(a.state().get("name")))
            .toList();
    assertThat(rollbackAlarms).hasSize(2);
    String function = (String) run.one(Types.FUNCTION).state().get("name");
    assertThat(rollbackAlarms)
        .allSatisfy(
            a -> {
              assertThat(((Number) a.input("period")).intValue()).isEqualTo(60);
              assertThat(((Number) a.input("threshold")).doubleValue()).isEqualTo(1.0);
              assertThat(a.input("comparisonOperator")).isEqualTo("GreaterThanOrEqualToThreshold");
            })
        .extracting(
            a ->
                Map.entry(
                    a.input("namespace") + "/" + a.input("metricName"),
                    Runs.map(a.input("dimensions"))))
        .containsExactlyInAnyOrder(
            Map.entry(
                "AWS/Lambda/Errors",
                Map.of(
                    "FunctionName", function, "Resource", function + ":" + HandlerFunction.ALIAS)),
            Map.entry(
                "AWS/ApiGateway/5xx",
                Map.of("ApiId", run.one(Types.API).name() + "-id", "Stage", "$default")));
    // The toolchain's role serves: production creates none of its own for CodeDeploy.
    assertThat(run.all(Types.ROLE)).hasSize(1);
    assertThat(run.outputs)
        .containsEntry("codeDeployApplication", application.state().get("name"))
        .containsEntry("codeDeployDeploymentGroup", SafeDeployment.GROUP)
        .containsEntry("functionVersion", "7");
  }

  @Test
  void production_leavesTheAliasVersionAndRoutingToCodeDeploy_andSandboxToPulumi() {
    ProgramRun production = Runs.of("production");
    ProgramRun sandbox = Runs.of("sandbox");

    assertThat(production.options(production.one(Types.ALIAS)).getIgnoreChanges())
        .containsExactlyInAnyOrder("functionVersion", "routingConfig");
    assertThat(sandbox.options(sandbox.one(Types.ALIAS)).getIgnoreChanges()).isEmpty();
    assertThat(sandbox.all(APPLICATION)).isEmpty();
    assertThat(sandbox.all(GROUP)).isEmpty();
    assertThat(sandbox.outputs).doesNotContainKeys("codeDeployApplication");
    // The alias is still created at the version pulumi up published.
    assertThat(production.one(Types.ALIAS).input("functionVersion")).isEqualTo("7");
  }

  @Test
  void aStackWithoutTheToolchainsRole_createsOne_thatMayOnlyShiftItsAliasAndReadItsAlarms() {
    Map<String, String> config = new HashMap<>(StackFiles.effectiveConfig("sandbox"));
    config.put(StackFiles.PROJECT + ":trafficShifting", "AllAtOnce");
    ProgramRun run = ProgramRun.of("sandbox", config);
    PulumiTest.cleanup();
    assertThat(run.result.exceptions()).isEmpty();

    Recorded group = run.one(GROUP);
    assertThat(group.input("deploymentConfigName")).isEqualTo("CodeDeployDefault.LambdaAllAtOnce");
    Recorded role =
        run.all(Types.ROLE).stream()
            .filter(r -> r.input("assumeRolePolicy").toString().contains("codedeploy"))
            .findFirst()
            .orElseThrow();
    assertThat(group.input("serviceRoleArn")).isEqualTo(role.state().get("arn"));
    Recorded policy =
        run.all(Types.IAM_POLICY).stream()
            .filter(p -> p.name().contains("codedeploy"))
            .findFirst()
            .orElseThrow();
    JsonObject document = JsonParser.parseString((String) policy.input("policy")).getAsJsonObject();
    String functionArn = (String) run.one(Types.FUNCTION).state().get("arn");
    List<String> alarmArns =
        run.all(Types.ALARM).stream()
            .filter(
                a ->
                    ((List<?>) Runs.map(group.input("alarmConfiguration")).get("alarms"))
                        .contains(a.state().get("name")))
            .map(a -> (String) a.state().get("arn"))
            .toList();
    assertThat(document.toString())
        .contains("lambda:UpdateAlias", functionArn + ":*", alarmArns.get(0), alarmArns.get(1))
        .doesNotContain("\"*\"", "lambda:InvokeFunction", "iam:");
    assertThat(
            run.all(Types.ATTACHMENT).stream()
                .filter(a -> a.input("role").equals(role.state().get("name")))
                .map(a -> a.input("policyArn")))
        .containsExactly(policy.state().get("arn"));
  }
}
