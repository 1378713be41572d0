package com.example.users.infra.function;

import com.example.users.config.HandlerConfig;
import com.example.users.infra.settings.StackSettings;
import com.example.users.priming.SnapStartHandler;
import com.pulumi.asset.FileArchive;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.iam.Policy;
import com.pulumi.aws.iam.PolicyArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.aws.lambda.Alias;
import com.pulumi.aws.lambda.AliasArgs;
import com.pulumi.aws.lambda.Function;
import com.pulumi.aws.lambda.FunctionArgs;
import com.pulumi.aws.lambda.inputs.FunctionEnvironmentArgs;
import com.pulumi.aws.lambda.inputs.FunctionLoggingConfigArgs;
import com.pulumi.aws.lambda.inputs.FunctionSnapStartArgs;
import com.pulumi.aws.lambda.inputs.FunctionTracingConfigArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Lambda function that runs the handler and serves the API: its role and least-privilege
 * policy, its log group, the function itself (SnapStart on published versions) and the alias the
 * API invokes.
 */
public final class HandlerFunction extends ComponentResource {

  /**
   * The component's Pulumi type token. It is part of the URN of this component and of every
   * resource under it, so it keeps the name the component had when stacks were first deployed
   * ({@code ApiFunction}): a new token would make Pulumi replace the function, its role and logs.
   */
  public static final String TYPE = "users:api:ApiFunction";

  /**
   * The handler entry point inside the jar: the handler module's SnapStart wrapper, named from its
   * class so that a rename there cannot leave a stale name here.
   */
  public static final String HANDLER = SnapStartHandler.class.getName() + "::handleRequest";

  /**
   * The runtime. Lambda has a {@code java25} managed runtime with SnapStart since November 2025,
   * but {@code com.pulumi:aws} 6.83.0 cannot deploy it: the Terraform provider it bridges (the v5
   * line) validates {@code runtime} against the {@code Runtime} enum of the AWS SDK for Go it was
   * built with, which predates java25, and its own {@code lambda.enums.Runtime} ends at java21.
   * Moving needs a provider upgrade (pulumi-aws v7, Terraform provider v6); see the README.
   */
  public static final String RUNTIME = "java21";

  /**
   * Lambda's own log level. INFO keeps the platform's START, END and REPORT lines, whose {@code
   * REPORT} carries the duration, memory and, after a SnapStart restore, the restore duration.
   */
  public static final String SYSTEM_LOG_LEVEL = "INFO";

  /**
   * Turns off the Lambda Java runtime's built-in Log4Shell (CVE-2021-44228) mitigation, which costs
   * cold-start time on the java8 to java21 runtimes. AWS documents this switch for functions that
   * are not exposed to the vulnerable Log4j versions; the handler jar contains no Log4j at all,
   * which the handler module's {@code LambdaJarTests} asserts on every build.
   */
  public static final String DISABLE_LOG4SHELL_PATCH_ENV =
      "AWS_LAMBDA_DISABLE_CVE_2021_44228_PROTECTION";

  /**
   * The alias API Gateway invokes. It points at the latest published version, moved there by {@code
   * pulumi up}, or with traffic shifting by CodeDeploy once the version passed its checks.
   */
  public static final String ALIAS = "live";

  private final Function function;
  private final Alias alias;
  private final LogGroup logGroup;

  /**
   * Creates the function's resources.
   *
   * @param jar the verified deployment jar
   * @param tableName the users table's name, passed to the handler
   * @param tableArn the only table the function may touch
   */
  public HandlerFunction(
      String name,
      StackSettings settings,
      Path jar,
      Output<String> tableName,
      Output<String> tableArn,
      ComponentResourceOptions options) {
    super(TYPE, name, options);
    CustomResourceOptions child = CustomResourceOptions.builder().parent(this).build();

    this.logGroup =
        new LogGroup(
            name + "-logs",
            LogGroupArgs.builder().retentionInDays(settings.logRetentionDays()).build(),
            child);

    RoleArgs.Builder roleArgs =
        RoleArgs.builder()
            .description("Runs the user API function; may touch only its table and logs.")
            .assumeRolePolicy(PolicyDocuments.lambdaAssumeRole());
    // The toolchain's deploy role may create and change roles only within this boundary.
    settings.permissionsBoundaryArn().ifPresent(roleArgs::permissionsBoundary);
    Role role = new Role(name + "-role", roleArgs.build(), child);
    Policy policy =
        new Policy(
            name + "-policy",
            PolicyArgs.builder()
                .description("Least privilege for the user API function.")
                .policy(
                    Output.tuple(tableArn, logGroup.arn())
                        .applyValue(t -> PolicyDocuments.functionPermissions(t.t1, t.t2)))
                .build(),
            child);
    RolePolicyAttachment attachment =
        new RolePolicyAttachment(
            name + "-policy-attachment",
            RolePolicyAttachmentArgs.builder().role(role.name()).policyArn(policy.arn()).build(),
            child);

    FunctionArgs.Builder functionArgs =
        FunctionArgs.builder()
            .description("User management API (API Gateway HTTP API to DynamoDB)")
            .runtime(RUNTIME)
            .handler(HANDLER)
            // A FileArchive of the jar: Pulumi hashes its bytes, and the reproducible build
            // keeps them stable, so unchanged sources never redeploy.
            .code(new FileArchive(jar.toString()))
            .architectures(settings.lambdaArchitecture().awsName())
            .memorySize(settings.lambdaMemoryMb())
            .timeout(settings.lambdaTimeoutSeconds())
            .role(role.arn())
            .publish(true)
            .snapStart(FunctionSnapStartArgs.builder().applyOn("PublishedVersions").build())
            .environment(
                FunctionEnvironmentArgs.builder()
                    .variables(
                        tableName.applyValue(
                            t ->
                                Map.of(
                                    HandlerConfig.TABLE_NAME_ENV,
                                    t,
                                    "JAVA_TOOL_OPTIONS",
                                    settings.javaToolOptions(),
                                    DISABLE_LOG4SHELL_PATCH_ENV,
                                    "true")))
                    .build())
            .loggingConfig(
                FunctionLoggingConfigArgs.builder()
                    .logFormat("JSON")
                    .logGroup(logGroup.name())
                    .applicationLogLevel(settings.lambdaLogLevel())
                    .systemLogLevel(SYSTEM_LOG_LEVEL)
                    .build())
            .tracingConfig(FunctionTracingConfigArgs.builder().mode("Active").build());
    // No reservation unless asked: Lambda refuses one that leaves the account fewer than 10
    // unreserved executions, which on a new account (quota often 10) is any reservation at all.
    settings.lambdaReservedConcurrency().ifPresent(functionArgs::reservedConcurrentExecutions);
    this.function =
        new Function(
            name,
            functionArgs.build(),
            // The role must be able to write logs before the first (SnapStart) initialisation.
            CustomResourceOptions.builder().parent(this).dependsOn(attachment).build());

    this.alias =
        new Alias(
            name + "-alias",
            AliasArgs.builder()
                .name(ALIAS)
                .description("The version API Gateway invokes")
                .functionName(function.name())
                .functionVersion(function.version())
                .build(),
            // With traffic shifting, CodeDeploy moves the alias (and weighs versions during a
            // shift): Pulumi creates it and then leaves both alone, so that no `pulumi up` resets
            // a shift and the alias shows no diff after one.
            CustomResourceOptions.builder()
                .parent(this)
                .ignoreChanges(
                    settings.trafficShifting().byCodeDeploy()
                        ? List.of("functionVersion", "routingConfig")
                        : List.of())
                .build());
    registerOutputs(
        Map.of("functionName", function.name(), "aliasArn", alias.arn(), "role", role.arn()));
  }

  /** The function. */
  public Function function() {
    return function;
  }

  /** The alias API Gateway invokes. */
  public Alias alias() {
    return alias;
  }

  /** The function's log group. */
  public LogGroup logGroup() {
    return logGroup;
  }
}
