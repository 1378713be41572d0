package com.example.users.infra.deployment;

import com.example.users.infra.settings.StackSettings;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.cloudwatch.MetricAlarmArgs;
import com.pulumi.aws.codedeploy.Application;
import com.pulumi.aws.codedeploy.ApplicationArgs;
import com.pulumi.aws.codedeploy.DeploymentGroup;
import com.pulumi.aws.codedeploy.DeploymentGroupArgs;
import com.pulumi.aws.codedeploy.inputs.DeploymentGroupAlarmConfigurationArgs;
import com.pulumi.aws.codedeploy.inputs.DeploymentGroupAutoRollbackConfigurationArgs;
import com.pulumi.aws.codedeploy.inputs.DeploymentGroupDeploymentStyleArgs;
import com.pulumi.aws.iam.Policy;
import com.pulumi.aws.iam.PolicyArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Traffic shifting for one function alias: a CodeDeploy application (compute platform Lambda) and a
 * deployment group that shifts the alias with the stack's {@code trafficShifting} configuration,
 * and two rollback alarms, on the alias's errors and the API's 5xx answers, each over one minute.
 * When either fires during a shift, CodeDeploy stops and points the alias back at the old version,
 * whole.
 *
 * <p>Pulumi does not start deployments: the deploy job does ({@code scripts/release.sh}), from the
 * version {@code pulumi up} published to the one the alias serves, after the pre-traffic check. The
 * alias ignores changes to its version and routing, which CodeDeploy owns (see {@code
 * HandlerFunction}).
 */
public final class SafeDeployment extends ComponentResource {

  /** The rollback events: a failed deployment, and one stopped by an alarm. */
  public static final List<String> ROLLBACK_EVENTS =
      List.of("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM");

  /** The deployment group's name within its application. */
  public static final String GROUP = "live";

  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private final Application application;
  private final DeploymentGroup group;
  private final List<MetricAlarm> alarms;

  /**
   * Creates the application, the deployment group and the rollback alarms.
   *
   * @param settings the stack's settings; {@code trafficShifting} must not be {@code none}
   * @param functionName the function whose alias is shifted
   * @param functionArn the function's ARN (scopes a role this component creates)
   * @param aliasName the alias CodeDeploy shifts, the one API Gateway invokes
   * @param apiId the HTTP API whose 5xx answers roll back
   * @param stage the API's stage
   * @param topicArn the topic the alarms notify, like every other alarm of the stack
   */
  public SafeDeployment(
      String name,
      StackSettings settings,
      Output<String> functionName,
      Output<String> functionArn,
      String aliasName,
      Output<String> apiId,
      String stage,
      Output<String> topicArn,
      ComponentResourceOptions options) {
    super("users:deployment:SafeDeployment", name, options);
    String config =
        settings
            .trafficShifting()
            .deploymentConfigName()
            .orElseThrow(() -> new IllegalArgumentException("trafficShifting is none"));
    CustomResourceOptions child = CustomResourceOptions.builder().parent(this).build();

    MetricAlarm errors =
        alarm(
            name + "-function-errors",
            "Rollback trigger: the function's live alias answered with errors (uncaught errors or"
                + " timeouts) within a minute.",
            "AWS/Lambda",
            "Errors",
            Output.tuple(functionName, Output.of(aliasName))
                .applyValue(t -> Map.of("FunctionName", t.t1, "Resource", t.t1 + ":" + t.t2)),
            topicArn,
            child);
    MetricAlarm serverErrors =
        alarm(
            name + "-api-5xx",
            "Rollback trigger: the API answered with 5xx errors within a minute.",
            "AWS/ApiGateway",
            "5xx",
            apiId.applyValue(id -> Map.of("ApiId", id, "Stage", stage)),
            topicArn,
            child);
    this.alarms = List.of(errors, serverErrors);

    Output<String> serviceRole =
        settings
            .codeDeployRoleArn()
            .map(Output::of)
            .orElseGet(
                () ->
                    ownServiceRole(
                        name, functionArn, Output.all(errors.arn(), serverErrors.arn()), child));

    this.application =
        new Application(
            name + "-app", ApplicationArgs.builder().computePlatform("Lambda").build(), child);
    this.group =
        new DeploymentGroup(
            name + "-group",
            DeploymentGroupArgs.builder()
                .appName(application.name())
                .deploymentGroupName(GROUP)
                .serviceRoleArn(serviceRole)
                .deploymentConfigName(config)
                .deploymentStyle(
                    DeploymentGroupDeploymentStyleArgs.builder()
                        .deploymentType("BLUE_GREEN")
                        .deploymentOption("WITH_TRAFFIC_CONTROL")
                        .build())
                .autoRollbackConfiguration(
                    DeploymentGroupAutoRollbackConfigurationArgs.builder()
                        .enabled(true)
                        .events(ROLLBACK_EVENTS)
                        .build())
                .alarmConfiguration(
                    DeploymentGroupAlarmConfigurationArgs.builder()
                        .enabled(true)
                        .alarms(Output.all(errors.name(), serverErrors.name()))
                        .build())
                .build(),
            child);
    registerOutputs(
        Map.of("application", application.name(), "deploymentGroup", group.deploymentGroupName()));
  }

  /** The CodeDeploy application. */
  public Application application() {
    return application;
  }

  /** The deployment group. */
  public DeploymentGroup group() {
    return group;
  }

  /** The alarms that stop a shift and roll it back. */
  public List<MetricAlarm> alarms() {
    return alarms;
  }

  private static MetricAlarm alarm(
      String name,
      String description,
      String namespace,
      String metric,
      Output<Map<String, String>> dimensions,
      Output<String> topicArn,
      CustomResourceOptions options) {
    return new MetricAlarm(
        name,
        MetricAlarmArgs.builder()
            .alarmDescription(description)
            .namespace(namespace)
            .metricName(metric)
            .statistic("Sum")
            .dimensions(dimensions)
            // One minute, so that a canary's first bad minute stops it.
            .period(60)
            .evaluationPeriods(1)
            .threshold(1.0)
            .comparisonOperator("GreaterThanOrEqualToThreshold")
            .treatMissingData("notBreaching")
            .alarmActions(topicArn.applyValue(List::of))
            .okActions(topicArn.applyValue(List::of))
            .build(),
        options);
  }

  /**
   * A service role for a stack without the toolchain's (e.g. a sandbox rehearsing production's
   * path): what a Lambda traffic shift needs, on this function and its rollback alarms.
   */
  private static Output<String> ownServiceRole(
      String name,
      Output<String> functionArn,
      Output<List<String>> alarmArns,
      CustomResourceOptions options) {
    Role role =
        new Role(
            name + "-codedeploy-role",
            RoleArgs.builder()
                .description("CodeDeploy shifts the user API function's alias.")
                .assumeRolePolicy(codeDeployAssumeRole())
                .build(),
            options);
    Policy policy =
        new Policy(
            name + "-codedeploy-policy",
            PolicyArgs.builder()
                .description("CodeDeploy's traffic shifting of the user API function.")
                .policy(
                    Output.tuple(functionArn, alarmArns)
                        .applyValue(t -> codeDeployPermissions(t.t1, t.t2)))
                .build(),
            options);
    new RolePolicyAttachment(
        name + "-codedeploy-policy-attachment",
        RolePolicyAttachmentArgs.builder().role(role.name()).policyArn(policy.arn()).build(),
        options);
    return role.arn();
  }

  static String codeDeployAssumeRole() {
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("Effect", "Allow");
    statement.put("Principal", Map.of("Service", "codedeploy.amazonaws.com"));
    statement.put("Action", "sts:AssumeRole");
    return GSON.toJson(document(List.of(statement)));
  }

  static String codeDeployPermissions(String functionArn, List<String> alarmArns) {
    Map<String, Object> aliases = new LinkedHashMap<>();
    aliases.put("Sid", "ShiftTheAlias");
    aliases.put("Effect", "Allow");
    aliases.put(
        "Action",
        List.of("lambda:GetAlias", "lambda:UpdateAlias", "lambda:GetProvisionedConcurrencyConfig"));
    aliases.put("Resource", List.of(functionArn, functionArn + ":*"));
    Map<String, Object> read = new LinkedHashMap<>();
    read.put("Sid", "ReadTheRollbackAlarms");
    read.put("Effect", "Allow");
    read.put("Action", List.of("cloudwatch:DescribeAlarms"));
    read.put("Resource", List.copyOf(alarmArns));
    return GSON.toJson(document(List.of(aliases, read)));
  }

  private static Map<String, Object> document(List<Map<String, Object>> statements) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("Version", "2012-10-17");
    document.put("Statement", statements);
    return document;
  }
}
