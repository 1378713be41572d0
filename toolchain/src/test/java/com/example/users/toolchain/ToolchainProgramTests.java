package com.example.users.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.pulumi.aws.iam.OpenIdConnectProvider;
import com.pulumi.aws.iam.Policy;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.s3.BucketPolicy;
import com.pulumi.aws.s3.BucketPublicAccessBlock;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2;
import com.pulumi.aws.s3.BucketVersioningV2;
import com.pulumi.core.Output;
import com.pulumi.resources.Resource;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.PulumiTestInternal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The toolchain program run in-process under the Pulumi SDK's mocks. */
class ToolchainProgramTests {

  private static final String OIDC = "token.actions.githubusercontent.com";

  private static final String BOUNDARY_ARN =
      "arn:aws:iam::" + AwsMocks.ACCOUNT + ":policy/user-management-function-boundary";

  /** The deploy policy's only Deny statements. */
  private static final Set<String> DENY_SIDS =
      Set.of("NeverChangeTheFunctionBoundary", "NeverRemoveAPermissionsBoundary");

  /**
   * Every IAM action that creates, deletes or changes a role, its trust policy, its permissions or
   * its boundary: each needs the boundary condition wherever the deploy role is allowed it.
   */
  private static final Set<String> ROLE_WRITES =
      Set.of(
          "iam:CreateRole",
          "iam:DeleteRole",
          "iam:UpdateRole",
          "iam:UpdateRoleDescription",
          "iam:UpdateAssumeRolePolicy",
          "iam:PutRolePolicy",
          "iam:DeleteRolePolicy",
          "iam:AttachRolePolicy",
          "iam:DetachRolePolicy",
          "iam:PutRolePermissionsBoundary",
          "iam:DeleteRolePermissionsBoundary");

  private static ToolchainSettings settings(boolean createState, Optional<String> providerArn) {
    return new ToolchainSettings(
        "octo-org", "user-management", providerArn, createState, "user-management");
  }

  private static TestResult run(ToolchainSettings settings) {
    return PulumiTest.withMocks(new AwsMocks())
        .withOptions(options())
        .runTest(ctx -> ToolchainProgram.define(ctx, settings))
        .throwOnError();
  }

  private static TestOptions options() {
    return TestOptions.builder()
        .projectName(ToolchainSettings.PROJECT)
        .stackName("toolchain")
        .preview(false)
        .build();
  }

  @AfterEach
  void cleanup() {
    PulumiTest.cleanup();
  }

  @Test
  void define_shouldTrustOnlyPullRequestsAndMain_forThePreviewRole() {
    TestResult result = run(settings(false, Optional.empty()));

    JsonObject statement = onlyStatement(trustPolicy(role(result, "preview")));

    assertThat(statement.get("Effect").getAsString()).isEqualTo("Allow");
    assertThat(statement.getAsJsonObject("Principal").get("Federated").getAsString())
        .isEqualTo(AwsMocks.PROVIDER_ARN);
    assertThat(strings(statement.get("Action"))).containsExactly("sts:AssumeRoleWithWebIdentity");
    JsonObject condition = statement.getAsJsonObject("Condition");
    assertThat(condition.keySet()).containsExactly("StringEquals");
    JsonObject equals = condition.getAsJsonObject("StringEquals");
    assertThat(equals.get(OIDC + ":aud").getAsString()).isEqualTo("sts.amazonaws.com");
    assertThat(strings(equals.get(OIDC + ":sub")))
        .containsExactly(
            "repo:octo-org/user-management:pull_request",
            "repo:octo-org/user-management:ref:refs/heads/main");
  }

  @Test
  void define_shouldTrustOnlyTheProductionEnvironment_forTheDeployRole() {
    TestResult result = run(settings(false, Optional.empty()));

    JsonObject statement = onlyStatement(trustPolicy(role(result, "deploy")));

    JsonObject condition = statement.getAsJsonObject("Condition");
    assertThat(condition.keySet())
        .as("exact matches only: no StringLike wildcards")
        .containsExactly("StringEquals");
    JsonObject equals = condition.getAsJsonObject("StringEquals");
    assertThat(equals.get(OIDC + ":aud").getAsString()).isEqualTo("sts.amazonaws.com");
    assertThat(equals.get(OIDC + ":sub").getAsString())
        .isEqualTo("repo:octo-org/user-management:environment:production");
    assertThat(equals.toString()).doesNotContain("*");
  }

  /** The repository of the tests below, with GitHub's ids for the immutable subject format. */
  private static ToolchainSettings withIds() {
    return new ToolchainSettings(
        "octo-org",
        "user-management",
        Optional.empty(),
        false,
        "user-management",
        Optional.of("123456"),
        Optional.of("456789"));
  }

  @Test
  void define_shouldLetTokensOfEitherSubjectFormatAssumeTheirRole_andNoOther() {
    TestResult result = run(withIds());
    JsonObject preview = trustPolicy(role(result, "preview"));
    JsonObject deploy = trustPolicy(role(result, "deploy"));

    for (String repo :
        List.of("octo-org/user-management", "octo-org@123456/user-management@456789")) {
      String pr = "repo:" + repo + ":pull_request";
      String production = "repo:" + repo + ":environment:production";
      assertThat(assumes(preview, token(pr))).as(pr).isTrue();
      assertThat(assumes(deploy, token(production))).as(production).isTrue();
      // Each role for its own kind of job only.
      assertThat(assumes(deploy, token(pr))).as("deploy role, " + pr).isFalse();
      assertThat(assumes(preview, token(production))).as("preview role, " + production).isFalse();
      // The daily drift check runs on main, outside any environment: the preview role only.
      String main = "repo:" + repo + ":ref:refs/heads/main";
      assertThat(assumes(preview, token(main))).as(main).isTrue();
      assertThat(assumes(deploy, token(main))).as("deploy role, " + main).isFalse();
      assertThat(assumes(preview, token("repo:" + repo + ":ref:refs/heads/feature"))).isFalse();
    }
    for (String other :
        List.of(
            // GitHub's first announced delimiter: also the legacy subject of a repository
            // "user-management-456789" of an account "octo-org-123456", which anyone may register.
            "repo:octo-org-123456/user-management-456789:environment:production",
            // Another repository, or the same names with another repository's id (a recycled
            // name).
            "repo:octo-org/other:environment:production",
            "repo:octo-org@123456/user-management@999999:environment:production",
            "repo:OCTO-ORG/user-management:environment:production")) {
      assertThat(assumes(deploy, token(other))).as(other).isFalse();
    }
    Map<String, String> wrongAudience =
        Map.of(
            "aud",
            "https://github.com/octo-org",
            "sub",
            "repo:octo-org/user-management:pull_request");
    assertThat(assumes(preview, wrongAudience)).isFalse();
  }

  @Test
  void define_shouldTrustOnlyTheLegacySubjects_whenTheIdsAreUnknown() {
    JsonObject deploy = trustPolicy(role(run(settings(false, Optional.empty())), "deploy"));

    assertThat(assumes(deploy, token("repo:octo-org/user-management:environment:production")))
        .isTrue();
    assertThat(
            assumes(
                deploy,
                token("repo:octo-org@123456/user-management@456789:environment:production")))
        .as("without the ids the toolchain cannot know the immutable subject")
        .isFalse();
  }

  @Test
  void define_shouldCreateTheCodeDeployRole_thatOnlyShiftsTheBackendsAliases() {
    TestResult result = run(settings(false, Optional.empty()));

    Role codeDeploy = role(result, "codedeploy");
    assertThat(value(result.output("codeDeployRoleArn", String.class)))
        .isEqualTo("arn:aws:iam::" + AwsMocks.ACCOUNT + ":role/gha-user-management-codedeploy");
    JsonObject trust = onlyStatement(trustPolicy(codeDeploy));
    assertThat(trust.getAsJsonObject("Principal").get("Service").getAsString())
        .isEqualTo("codedeploy.amazonaws.com");
    assertThat(
            trust
                .getAsJsonObject("Condition")
                .getAsJsonObject("StringEquals")
                .get("aws:SourceAccount")
                .getAsString())
        .isEqualTo(AwsMocks.ACCOUNT);
    JsonObject policy = inlinePolicy(result, "lambda-traffic-shifting");
    String fn = "arn:aws:lambda:" + AwsMocks.REGION + ":" + AwsMocks.ACCOUNT + ":function:";
    String alias = fn + "user-management-production-api-1a2b3c:live";
    for (String action : Policies.CODEDEPLOY_LAMBDA_ACTIONS) {
      assertThat(allows(policy, action, alias)).as(action).isTrue();
      assertThat(allows(policy, action, fn + "billing:live")).as(action).isFalse();
    }
    assertThat(
            allows(
                policy,
                "cloudwatch:DescribeAlarms",
                "arn:aws:cloudwatch:"
                    + AwsMocks.REGION
                    + ":"
                    + AwsMocks.ACCOUNT
                    + ":alarm:user-management-production-rollback-errors-1a2b"))
        .isTrue();
    assertThat(statements(policy).flatMap(s -> strings(s.get("Action")).stream()))
        .doesNotContain("lambda:InvokeFunction", "lambda:UpdateFunctionCode", "s3:GetObject")
        .noneMatch(a -> a.startsWith("iam:") || a.contains("*"));
  }

  @Test
  void define_shouldLetTheDeployRoleRunTrafficShifting_onTheBackendsApplicationsOnly() {
    JsonObject policy =
        inlinePolicy(run(settings(false, Optional.empty())), "pulumi-deploy-backend");
    String codedeploy = "arn:aws:codedeploy:" + AwsMocks.REGION + ":" + AwsMocks.ACCOUNT + ":";
    String group = codedeploy + "deploymentgroup:user-management-production-app-1a2b/live";
    for (String action :
        List.of(
            "codedeploy:CreateDeployment",
            "codedeploy:GetDeployment",
            "codedeploy:StopDeployment")) {
      assertThat(allows(policy, action, group)).as(action).isTrue();
      assertThat(allows(policy, action, codedeploy + "deploymentgroup:billing/live"))
          .as(action)
          .isFalse();
    }
    assertThat(
            allows(
                policy,
                "codedeploy:GetDeploymentConfig",
                codedeploy + "deploymentconfig:CodeDeployDefault.LambdaCanary10Percent5Minutes"))
        .isTrue();
    assertThat(
            allows(
                policy,
                "codedeploy:GetDeploymentConfig",
                codedeploy + "deploymentconfig:CodeDeployDefault.OneAtATime"))
        .isFalse();
    // The pre-traffic check invokes the new version directly, by qualifier.
    assertThat(
            allows(
                policy,
                "lambda:InvokeFunction",
                "arn:aws:lambda:"
                    + AwsMocks.REGION
                    + ":"
                    + AwsMocks.ACCOUNT
                    + ":function:user-management-production-api-1a2b3c:8"))
        .isTrue();
  }

  @Test
  void define_shouldLetTheDeployRoleCreateApiGatewaysServiceLinkedRole_andNoOther() {
    JsonObject policy =
        inlinePolicy(run(settings(false, Optional.empty())), "pulumi-deploy-backend");

    List<JsonObject> slr =
        statements(policy)
            .filter(s -> strings(s.get("Action")).contains("iam:CreateServiceLinkedRole"))
            .toList();
    assertThat(slr)
        .extracting(
            s ->
                s.getAsJsonObject("Condition")
                    .getAsJsonObject("StringEquals")
                    .get("iam:AWSServiceName")
                    .getAsString())
        .containsExactlyInAnyOrder(
            "dynamodb.application-autoscaling.amazonaws.com", "ops.apigateway.amazonaws.com");
    assertThat(
            allows(
                policy,
                "iam:CreateServiceLinkedRole",
                "arn:aws:iam::"
                    + AwsMocks.ACCOUNT
                    + ":role/aws-service-role/ops.apigateway.amazonaws.com/"
                    + "AWSServiceRoleForAPIGateway"))
        .isTrue();
    assertThat(slr)
        .allSatisfy(
            s ->
                assertThat(strings(s.get("Action")))
                    .containsExactly("iam:CreateServiceLinkedRole"));
  }

  @Test
  void define_shouldCreateTheGitHubProvider_whenNoneIsGiven() {
    TestResult result = run(settings(false, Optional.empty()));

    List<OpenIdConnectProvider> providers = resources(result, OpenIdConnectProvider.class);

    assertThat(providers).hasSize(1);
    assertThat(value(providers.get(0).url())).isEqualTo("https://" + OIDC);
    assertThat(value(providers.get(0).clientIdLists())).containsExactly("sts.amazonaws.com");
  }

  @Test
  void define_shouldReuseTheProvider_whenAnArnIsGiven() {
    String existing = "arn:aws:iam::999999999999:oidc-provider/" + OIDC;
    TestResult result = run(settings(false, Optional.of(existing)));

    assertThat(resources(result, OpenIdConnectProvider.class)).isEmpty();
    assertThat(value(result.output("oidcProviderArn", String.class))).isEqualTo(existing);
    JsonObject statement = onlyStatement(trustPolicy(role(result, "deploy")));
    assertThat(statement.getAsJsonObject("Principal").get("Federated").getAsString())
        .isEqualTo(existing);
  }

  @Test
  void define_shouldExportTheRoleArns() {
    TestResult result = run(settings(false, Optional.empty()));

    assertThat(result.outputs()).containsKeys("previewRoleArn", "deployRoleArn", "oidcProviderArn");
    assertThat(result.outputs())
        .doesNotContainKeys("stateBucketName", "stateBackendUrl", "stateKmsKeyArn");
    assertThat(value(result.output("region", String.class))).isEqualTo(AwsMocks.REGION);
    assertThat(value(result.output("previewRoleArn", String.class)))
        .isEqualTo("arn:aws:iam::" + AwsMocks.ACCOUNT + ":role/gha-user-management-preview");
    assertThat(value(result.output("deployRoleArn", String.class)))
        .isEqualTo("arn:aws:iam::" + AwsMocks.ACCOUNT + ":role/gha-user-management-deploy");
  }

  @Test
  void define_shouldScopeTheDeployPolicyToTheAccountRegionAndPrefix() {
    TestResult result = run(settings(false, Optional.empty()));

    JsonObject policy = inlinePolicy(result, "pulumi-deploy-backend");

    List<String> scoped = new ArrayList<>();
    for (JsonElement element : policy.getAsJsonArray("Statement")) {
      JsonObject statement = element.getAsJsonObject();
      String sid = statement.get("Sid").getAsString();
      if (DENY_SIDS.contains(sid)) {
        // Only restricts; asserted in define_shouldDenyTheDeployRoleChangingOrRemovingTheBoundary.
        assertThat(statement.get("Effect").getAsString()).as(sid).isEqualTo("Deny");
        continue;
      }
      assertThat(statement.get("Effect").getAsString()).as(sid).isEqualTo("Allow");
      List<String> actions = strings(statement.get("Action"));
      assertThat(actions).doesNotContain("*", "*:*");
      for (String action : actions) {
        if (action.contains("*")) {
          assertThat(Policies.DEPLOY_SERVICE_WILDCARDS)
              .as("documented service wildcard")
              .contains(action);
          List<String> resources = strings(statement.get("Resource"));
          assertThat(resources)
              .as("a service wildcard only on the backend's resources: " + action)
              .allSatisfy(
                  arn ->
                      assertThat(arn)
                          .contains(":" + AwsMocks.REGION + ":" + AwsMocks.ACCOUNT + ":")
                          .contains("user-management"));
          scoped.add(action);
        }
      }
      if (strings(statement.get("Resource")).contains("*")) {
        assertThat(actions)
            .as("Resource * only for read-only or documented unscoped actions")
            .allSatisfy(
                a ->
                    assertThat(
                            Policies.READ_METADATA_ACTIONS.contains(a)
                                || Policies.DEPLOY_UNSCOPED_ACTIONS.contains(a))
                        .as(a)
                        .isTrue());
      }
    }
    assertThat(scoped).containsExactlyInAnyOrderElementsOf(Policies.DEPLOY_SERVICE_WILDCARDS);
  }

  @Test
  void define_shouldLetTheDeployRolePassRolesToLambdaOnly() {
    TestResult result = run(settings(false, Optional.empty()));

    JsonObject policy = inlinePolicy(result, "pulumi-deploy-backend");

    List<JsonObject> passRole =
        statements(policy).filter(s -> strings(s.get("Action")).contains("iam:PassRole")).toList();
    assertThat(passRole).hasSize(2);
    // The backend's own roles to Lambda, the toolchain's CodeDeploy role to CodeDeploy.
    assertThat(passRole)
        .allSatisfy(p -> assertThat(strings(p.get("Action"))).containsExactly("iam:PassRole"))
        .extracting(
            p ->
                strings(p.get("Resource"))
                    + " -> "
                    + p.getAsJsonObject("Condition")
                        .getAsJsonObject("StringEquals")
                        .get("iam:PassedToService")
                        .getAsString())
        .containsExactly(
            "[arn:aws:iam::" + AwsMocks.ACCOUNT + ":role/user-management*] -> lambda.amazonaws.com",
            "[arn:aws:iam::"
                + AwsMocks.ACCOUNT
                + ":role/gha-user-management-codedeploy] -> codedeploy.amazonaws.com");
  }

  @Test
  void define_shouldNotLetTheDeployRoleChangeTheToolchainRoles() {
    TestResult result = run(settings(false, Optional.empty()));

    JsonObject policy = inlinePolicy(result, "pulumi-deploy-backend");
    // Passing the CodeDeploy role to CodeDeploy changes nothing (asserted above); anything else
    // IAM on a toolchain role would.
    List<String> iamResources =
        statements(policy)
            .filter(s -> !strings(s.get("Action")).equals(List.of("iam:PassRole")))
            .filter(s -> strings(s.get("Action")).stream().anyMatch(a -> a.startsWith("iam:")))
            .flatMap(s -> strings(s.get("Resource")).stream())
            .filter(r -> !r.equals("*"))
            .toList();

    for (Role role : resources(result, Role.class)) {
      String arn = value(role.arn());
      assertThat(iamResources)
          .noneSatisfy(pattern -> assertThat(arn).matches(globToRegex(pattern)));
    }
  }

  @Test
  void define_shouldCreateTheFunctionBoundary_andExportItsArn() {
    TestResult result = run(settings(false, Optional.empty()));

    List<Policy> policies = resources(result, Policy.class);

    assertThat(policies).hasSize(1);
    assertThat(value(policies.get(0).name())).isEqualTo("user-management-function-boundary");
    assertThat(value(policies.get(0).arn())).isEqualTo(BOUNDARY_ARN);
    assertThat(value(result.output("permissionsBoundaryArn", String.class)))
        .isEqualTo(BOUNDARY_ARN);
  }

  @Test
  void define_shouldNameTheBoundaryAndItsResourcesWithThePrefix() {
    TestResult result =
        run(new ToolchainSettings("octo-org", "users", Optional.empty(), false, "users-prod"));

    String boundaryArn =
        "arn:aws:iam::" + AwsMocks.ACCOUNT + ":policy/users-prod-function-boundary";
    assertThat(value(result.output("permissionsBoundaryArn", String.class))).isEqualTo(boundaryArn);
    assertThat(statements(boundary(result)).flatMap(s -> strings(s.get("Resource")).stream()))
        .filteredOn(r -> !r.equals("*"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r).containsPattern("(table/|log-group:)users-prod\\*"));
    assertThat(
            statements(inlinePolicy(result, "pulumi-deploy-backend"))
                .filter(s -> s.has("Condition"))
                .map(s -> s.getAsJsonObject("Condition").toString()))
        .anySatisfy(c -> assertThat(c).contains(boundaryArn));
  }

  @Test
  void functionBoundary_shouldAllowOnlyTheFunctionsTableItemsLogsAndTraces() {
    TestResult result = run(settings(false, Optional.empty()));

    List<JsonObject> statements = statements(boundary(result)).toList();

    assertThat(statements)
        .extracting(s -> s.get("Sid").getAsString())
        .containsExactly("BackendTablesItems", "BackendLogGroupsWrite", "XRayTraces");
    assertThat(statements)
        .allSatisfy(
            s -> {
              assertThat(s.get("Effect").getAsString()).isEqualTo("Allow");
              assertThat(s.keySet())
                  .as("no Condition, NotAction or NotResource")
                  .containsExactlyInAnyOrder("Sid", "Effect", "Action", "Resource");
              assertThat(strings(s.get("Action")))
                  .allSatisfy(
                      a ->
                          assertThat(a)
                              .doesNotContain("*")
                              .doesNotStartWith("iam:")
                              .doesNotStartWith("sts:")
                              .doesNotStartWith("lambda:"));
            });
    String prefix = "arn:aws:%s:" + AwsMocks.REGION + ":" + AwsMocks.ACCOUNT + ":";
    assertThat(strings(statements.get(0).get("Action")))
        .containsExactly(
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:Scan");
    assertThat(strings(statements.get(0).get("Resource")))
        .containsExactly(prefix.formatted("dynamodb") + "table/user-management*");
    assertThat(strings(statements.get(1).get("Action")))
        .containsExactly("logs:CreateLogStream", "logs:PutLogEvents");
    assertThat(strings(statements.get(1).get("Resource")))
        .containsExactly(
            prefix.formatted("logs") + "log-group:user-management*",
            prefix.formatted("logs") + "log-group:user-management*:*");
    assertThat(strings(statements.get(2).get("Action")))
        .containsExactly("xray:PutTraceSegments", "xray:PutTelemetryRecords");
    assertThat(strings(statements.get(2).get("Resource"))).containsExactly("*");
  }

  @Test
  void functionBoundary_shouldAllowEverythingTheFunctionsOwnPolicyGrants() throws IOException {
    // What the backend's function role is granted, read from the sources that define it (app's
    // UserServiceTests asserts the function policy is exactly these actions on these resources).
    Path root = Path.of("").toAbsolutePath().getParent();
    String userTable =
        Files.readString(
            root.resolve("handler/src/main/java/com/example/users/storage/UserTable.java"));
    String documents =
        Files.readString(
            root.resolve(
                "app/src/main/java/com/example/users/infra/function/PolicyDocuments.java"));
    List<String> tableActions = listOf(userTable, "ACTIONS_USED");
    List<String> logActions = listOf(documents, "LOG_ACTIONS");
    List<String> xrayActions = listOf(documents, "XRAY_ACTIONS");
    assertThat(tableActions).isNotEmpty().isEqualTo(Policies.FUNCTION_TABLE_ACTIONS);
    assertThat(logActions).isNotEmpty().isEqualTo(Policies.FUNCTION_LOG_ACTIONS);
    assertThat(xrayActions).isNotEmpty().isEqualTo(Policies.FUNCTION_XRAY_ACTIONS);

    // ARNs as the backend names them, "<project>-<stack>-<component>-<resource>-<suffix>".
    String arn = "arn:aws:%s:" + AwsMocks.REGION + ":" + AwsMocks.ACCOUNT + ":%s";
    String table = arn.formatted("dynamodb", "table/user-management-production-users-table-1a2b3c");
    String logGroup = arn.formatted("logs", "log-group:user-management-production-api-logs-1a2b3c");
    JsonObject boundary = boundary(run(settings(false, Optional.empty())));

    tableActions.forEach(a -> assertThat(allows(boundary, a, table)).as(a).isTrue());
    for (String a : logActions) {
      assertThat(allows(boundary, a, logGroup)).as(a).isTrue();
      assertThat(allows(boundary, a, logGroup + ":log-stream:2026/01/01/x")).as(a).isTrue();
    }
    xrayActions.forEach(a -> assertThat(allows(boundary, a, "*")).as(a).isTrue());

    // And nothing of another project's.
    assertThat(allows(boundary, "dynamodb:GetItem", arn.formatted("dynamodb", "table/billing")))
        .isFalse();
    assertThat(allows(boundary, "logs:PutLogEvents", arn.formatted("logs", "log-group:/other")))
        .isFalse();
  }

  @Test
  void define_shouldLetTheDeployRoleWriteRolesOnlyWithinTheBoundary() {
    TestResult result = run(settings(false, Optional.empty()));

    JsonObject policy = inlinePolicy(result, "pulumi-deploy-backend");

    List<String> granted = new ArrayList<>();
    for (JsonObject statement : statements(policy).toList()) {
      if (!statement.get("Effect").getAsString().equals("Allow")) {
        continue;
      }
      List<String> actions = strings(statement.get("Action"));
      assertThat(actions).noneSatisfy(a -> assertThat(a).startsWith("iam:").contains("*"));
      List<String> writes = actions.stream().filter(ROLE_WRITES::contains).toList();
      if (!writes.isEmpty()) {
        String sid = statement.get("Sid").getAsString();
        assertThat(statement.has("Condition"))
            .as(sid + " " + writes + " without the boundary condition")
            .isTrue();
        JsonObject equals = statement.getAsJsonObject("Condition").getAsJsonObject("StringEquals");
        assertThat(equals.get("iam:PermissionsBoundary").getAsString())
            .as(sid + " " + writes)
            .isEqualTo(BOUNDARY_ARN);
        assertThat(strings(statement.get("Resource")))
            .containsExactly("arn:aws:iam::" + AwsMocks.ACCOUNT + ":role/user-management*");
        granted.addAll(writes);
      } else if (strings(statement.get("Resource")).stream().anyMatch(r -> r.contains(":role/"))) {
        assertThat(actions)
            .as("unconditioned actions on roles can grant no permission")
            .allSatisfy(
                a ->
                    assertThat(a)
                        .isIn(
                            "iam:TagRole",
                            "iam:UntagRole",
                            "iam:ListInstanceProfilesForRole",
                            "iam:PassRole",
                            "iam:CreateServiceLinkedRole"));
      }
    }
    // Still everything Pulumi calls to create, update and delete the function's role.
    assertThat(granted)
        .containsExactlyInAnyOrder(
            "iam:CreateRole",
            "iam:PutRolePermissionsBoundary",
            "iam:PutRolePolicy",
            "iam:DeleteRolePolicy",
            "iam:AttachRolePolicy",
            "iam:DetachRolePolicy",
            "iam:UpdateAssumeRolePolicy",
            "iam:UpdateRole",
            "iam:UpdateRoleDescription",
            "iam:DeleteRole")
        .doesNotContain("iam:DeleteRolePermissionsBoundary");
    assertThat(value(result.output("permissionsBoundaryArn", String.class)))
        .isEqualTo(BOUNDARY_ARN);
  }

  @Test
  void define_shouldLetTheDeployRoleManageTheTargetTrackingAlarms_ofTheBackendsTablesOnly() {
    // Application Auto Scaling creates and deletes a target-tracking policy's alarms with the
    // caller's permissions: without these, PutScalingPolicy fails on production's first deploy.
    JsonObject policy =
        inlinePolicy(run(settings(false, Optional.empty())), "pulumi-deploy-backend");
    String alarm =
        "arn:aws:cloudwatch:"
            + AwsMocks.REGION
            + ":"
            + AwsMocks.ACCOUNT
            + ":alarm:TargetTracking-table/%s-AlarmHigh-6f1c0a2e-0d1b-4c43-9d4e-2b9a4d1f3e11";
    String ours = alarm.formatted("user-management-production-users-table-1a2b3c");
    for (String action :
        List.of(
            "cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms", "cloudwatch:DeleteAlarms")) {
      assertThat(allows(policy, action, ours)).as(action).isTrue();
    }
    assertThat(allows(policy, "cloudwatch:PutMetricAlarm", alarm.formatted("billing-table")))
        .isFalse();
  }

  @Test
  void define_shouldLetTheDeployRoleChangeTheFunctionPolicy_andTheRoleDescription() {
    JsonObject policy =
        inlinePolicy(run(settings(false, Optional.empty())), "pulumi-deploy-backend");
    String functionPolicy =
        "arn:aws:iam::" + AwsMocks.ACCOUNT + ":policy/user-management-production-api-policy-1a2b3c";
    // The provider's update: prune old versions, create the new one, make it the default.
    for (String action :
        List.of(
            "iam:ListPolicyVersions",
            "iam:DeletePolicyVersion",
            "iam:CreatePolicyVersion",
            "iam:SetDefaultPolicyVersion")) {
      assertThat(allows(policy, action, functionPolicy)).as(action).isTrue();
    }
    String role = "arn:aws:iam::" + AwsMocks.ACCOUNT + ":role/user-management-production-api-role";
    assertThat(allows(policy, "iam:UpdateRoleDescription", role)).isTrue();
    assertThat(Policies.DEPLOY_BOUNDED_ROLE_ACTIONS)
        .as("UpdateRoleDescription takes the iam:PermissionsBoundary condition")
        .contains("iam:UpdateRoleDescription");
  }

  @Test
  void define_shouldGrantExactLogGroupActions_onNamesThatStartWithThePrefix() {
    JsonObject policy =
        inlinePolicy(run(settings(false, Optional.empty())), "pulumi-deploy-backend");
    String logs = "arn:aws:logs:" + AwsMocks.REGION + ":" + AwsMocks.ACCOUNT + ":log-group:";
    String ours = logs + "user-management-production-api-logs-1a2b3c";

    assertThat(statements(policy).flatMap(s -> strings(s.get("Action")).stream()))
        .noneMatch(a -> a.startsWith("logs:") && a.contains("*"));
    for (String action : Policies.DEPLOY_LOG_GROUP_ACTIONS) {
      assertThat(allows(policy, action, ours)).as(action).isTrue();
      assertThat(allows(policy, action, ours + ":*")).as(action).isTrue();
      assertThat(allows(policy, action, logs + "/aws/lambda/billing-user-management"))
          .as(action + " on a name that only contains the prefix")
          .isFalse();
    }
    for (String dataRead : List.of("logs:GetLogEvents", "logs:FilterLogEvents")) {
      assertThat(allows(policy, dataRead, ours)).as(dataRead).isFalse();
    }
  }

  @Test
  void define_shouldLetTheDeployRoleAttachOnlyTheBackendsOwnPolicies() {
    TestResult result = run(settings(false, Optional.empty()));

    List<JsonObject> attach =
        statements(inlinePolicy(result, "pulumi-deploy-backend"))
            .filter(s -> strings(s.get("Action")).contains("iam:AttachRolePolicy"))
            .toList();

    assertThat(attach).hasSize(1);
    assertThat(strings(attach.get(0).get("Action"))).containsExactly("iam:AttachRolePolicy");
    JsonObject condition = attach.get(0).getAsJsonObject("Condition");
    assertThat(condition.keySet()).containsExactlyInAnyOrder("StringEquals", "ArnLike");
    assertThat(condition.getAsJsonObject("ArnLike").get("iam:PolicyARN").getAsString())
        .isEqualTo("arn:aws:iam::" + AwsMocks.ACCOUNT + ":policy/user-management*");
  }

  @Test
  void define_shouldDenyTheDeployRoleChangingOrRemovingTheBoundary() {
    TestResult result = run(settings(false, Optional.empty()));

    JsonObject policy = inlinePolicy(result, "pulumi-deploy-backend");
    List<JsonObject> denies =
        statements(policy).filter(s -> s.get("Effect").getAsString().equals("Deny")).toList();

    assertThat(denies)
        .extracting(s -> s.get("Sid").getAsString())
        .containsExactlyInAnyOrderElementsOf(DENY_SIDS);
    assertThat(denies)
        .allSatisfy(d -> assertThat(d.has("Condition")).as("unconditional").isFalse());
    JsonObject noEdit = sid(denies, "NeverChangeTheFunctionBoundary");
    assertThat(strings(noEdit.get("Action")))
        .containsExactlyInAnyOrder(
            "iam:CreatePolicy",
            "iam:CreatePolicyVersion",
            "iam:SetDefaultPolicyVersion",
            "iam:DeletePolicyVersion",
            "iam:DeletePolicy",
            "iam:TagPolicy",
            "iam:UntagPolicy");
    assertThat(strings(noEdit.get("Resource")))
        .containsExactly(value(result.output("permissionsBoundaryArn", String.class)));
    JsonObject noRemove = sid(denies, "NeverRemoveAPermissionsBoundary");
    assertThat(strings(noRemove.get("Action")))
        .containsExactly("iam:DeleteRolePermissionsBoundary");
    assertThat(strings(noRemove.get("Resource"))).containsExactly("*");

    // The deny is what protects the boundary: its name has the prefix the deploy role manages.
    assertThat(statements(policy))
        .filteredOn(s -> s.get("Effect").getAsString().equals("Allow"))
        .filteredOn(s -> strings(s.get("Action")).contains("iam:CreatePolicyVersion"))
        .anySatisfy(
            s ->
                assertThat(strings(s.get("Resource")))
                    .anySatisfy(r -> assertThat(BOUNDARY_ARN).matches(globToRegex(r))));
  }

  @Test
  void define_shouldLetTheDeployRoleSignTheSmokeTest_onlyForTheUserApiPaths() {
    TestResult result = run(settings(false, Optional.empty()));

    JsonObject policy = inlinePolicy(result, "pulumi-deploy-backend");
    List<JsonObject> invoke =
        statements(policy)
            .filter(s -> strings(s.get("Action")).contains("execute-api:Invoke"))
            .toList();
    assertThat(invoke).hasSize(1);
    assertThat(strings(invoke.get(0).get("Action"))).containsExactly("execute-api:Invoke");
    assertThat(strings(invoke.get(0).get("Resource")))
        .isNotEmpty()
        .allSatisfy(
            r ->
                assertThat(r)
                    .matches(
                        "arn:aws:execute-api:[a-z0-9-]+:\\d{12}:\\*/\\$default/\\*/users(/\\*)?"));
  }

  @Test
  void define_shouldGrantThePreviewRoleNoWriteOrDataAccess() {
    TestResult result = run(settings(false, Optional.empty()));

    JsonObject policy = inlinePolicy(result, "pulumi-preview-read-only");

    List<String> actions =
        statements(policy).flatMap(s -> strings(s.get("Action")).stream()).toList();
    assertThat(actions)
        .isNotEmpty()
        .allSatisfy(
            a -> assertThat(a).matches("[a-z-]+:(Describe|Get|List)[A-Za-z]*|apigateway:GET"))
        .doesNotContain(
            "dynamodb:GetItem",
            "dynamodb:BatchGetItem",
            "logs:GetLogEvents",
            "lambda:InvokeFunction",
            "iam:PassRole");
    assertThat(actions).noneMatch(a -> a.contains("*"));
  }

  @Test
  void define_shouldCreateALockedDownStateBackend_whenAsked() {
    TestResult result = run(settings(true, Optional.empty()));

    assertThat(result.outputs())
        .containsKeys("stateBucketName", "stateBackendUrl", "stateKmsKeyArn", "secretsProvider");
    assertThat(value(result.output("stateBackendUrl", String.class)))
        .as("with the bucket's region, which the CLI otherwise guesses")
        .matches("s3://pulumi-state[a-z0-9-]*\\?region=" + AwsMocks.REGION);
    assertThat(value(result.output("secretsProvider", String.class)))
        .isEqualTo("awskms://alias/user-management-pulumi-state?region=" + AwsMocks.REGION);

    var versioning = resources(result, BucketVersioningV2.class);
    assertThat(versioning).hasSize(1);
    assertThat(value(versioning.get(0).versioningConfiguration()).status()).isEqualTo("Enabled");

    var encryption = resources(result, BucketServerSideEncryptionConfigurationV2.class);
    assertThat(encryption).hasSize(1);
    var byDefault =
        value(encryption.get(0).rules()).get(0).applyServerSideEncryptionByDefault().orElseThrow();
    assertThat(byDefault.sseAlgorithm()).isEqualTo("aws:kms");
    assertThat(byDefault.kmsMasterKeyId()).contains(AwsMocks.KEY_ARN);

    var block = resources(result, BucketPublicAccessBlock.class);
    assertThat(block).hasSize(1);
    assertThat(
            List.of(
                value(block.get(0).blockPublicAcls()),
                value(block.get(0).blockPublicPolicy()),
                value(block.get(0).ignorePublicAcls()),
                value(block.get(0).restrictPublicBuckets())))
        .containsOnly(Optional.of(true));

    var bucketPolicies = resources(result, BucketPolicy.class);
    assertThat(bucketPolicies).hasSize(1);
    JsonObject tls =
        onlyStatement(
            JsonParser.parseString(value(bucketPolicies.get(0).policy())).getAsJsonObject());
    assertThat(tls.get("Effect").getAsString()).isEqualTo("Deny");
    assertThat(
            tls.getAsJsonObject("Condition")
                .getAsJsonObject("Bool")
                .get("aws:SecureTransport")
                .getAsString())
        .isEqualTo("false");
  }

  @Test
  void define_shouldGrantStateAccess_whenTheStateBackendIsCreated() {
    TestResult result = run(settings(true, Optional.empty()));

    JsonObject preview = inlinePolicy(result, "pulumi-preview-read-only");
    JsonObject deploy = inlinePolicy(result, "pulumi-deploy-backend");

    // The self-managed backend takes no lock for a preview (pulumi/pulumi, pkg/backend/diy): the
    // preview role reads the state and writes nothing.
    assertThat(statements(preview).flatMap(s -> strings(s.get("Action")).stream()))
        .contains("s3:GetObject", "s3:ListBucket", "kms:Decrypt")
        .allSatisfy(
            a ->
                assertThat(a)
                    .matches("[a-z0-9-]+:(Describe|Get|List|Decrypt)[A-Za-z]*|apigateway:GET"));
    assertThat(statements(deploy).flatMap(s -> strings(s.get("Resource")).stream()))
        .contains(AwsMocks.KEY_ARN)
        .anySatisfy(r -> assertThat(r).startsWith("arn:aws:s3:::pulumi-state"));
  }

  @Test
  void stack_shouldReadItsSettingsFromConfig() {
    TestResult result =
        PulumiTestInternal.builder()
            .options(options())
            .mocks(new AwsMocks())
            .config(
                Map.of(
                    ToolchainSettings.PROJECT + ":githubOwner", "someone",
                    ToolchainSettings.PROJECT + ":githubRepo", "users-api",
                    ToolchainSettings.PROJECT + ":createStateBackend", "true"))
            .build()
            .runTest(ToolchainProgram::stack)
            .throwOnError();

    assertThat(result.outputs()).containsKeys("previewRoleArn", "deployRoleArn", "stateBucketName");
    JsonObject statement = onlyStatement(trustPolicy(role(result, "deploy")));
    assertThat(
            statement
                .getAsJsonObject("Condition")
                .getAsJsonObject("StringEquals")
                .get(OIDC + ":sub")
                .getAsString())
        .isEqualTo("repo:someone/users-api:environment:production");
  }

  @Test
  void stack_shouldFail_whenRequiredConfigIsMissing() {
    TestResult result =
        PulumiTestInternal.builder()
            .options(options())
            .mocks(new AwsMocks())
            .config(Map.of())
            .build()
            .runTest(ToolchainProgram::stack);

    assertThat(result.exceptions())
        .anySatisfy(
            e ->
                assertThat(rootCause(e).getMessage())
                    .contains("'user-management-toolchain:githubOwner' is not set")
                    .contains("pulumi config set githubOwner"));
    assertThat(result.resources())
        .as("no AWS resource is defined")
        .noneMatch(r -> r instanceof com.pulumi.resources.CustomResource);
  }

  // --- helpers

  /** The claims of a GitHub token requested by aws-actions/configure-aws-credentials. */
  private static Map<String, String> token(String subject) {
    return Map.of("aud", "sts.amazonaws.com", "sub", subject);
  }

  /**
   * Whether IAM lets a web identity with these claims, from GitHub's provider, assume a role with
   * this trust policy: an Allow statement for {@code sts:AssumeRoleWithWebIdentity} whose every
   * condition holds. Only {@code StringEquals} is modelled (a key holds when the claim equals any
   * of its values); any other operator fails the test rather than being guessed at.
   */
  private static boolean assumes(JsonObject trustPolicy, Map<String, String> claims) {
    for (JsonObject statement : statements(trustPolicy).toList()) {
      if (!statement.get("Effect").getAsString().equals("Allow")
          || !strings(statement.get("Action")).contains("sts:AssumeRoleWithWebIdentity")
          || !AwsMocks.PROVIDER_ARN.equals(
              statement.getAsJsonObject("Principal").get("Federated").getAsString())) {
        continue;
      }
      boolean all = true;
      for (var operator : statement.getAsJsonObject("Condition").entrySet()) {
        assertThat(operator.getKey()).as("modelled operator").isEqualTo("StringEquals");
        for (var test : operator.getValue().getAsJsonObject().entrySet()) {
          String claim = claims.get(test.getKey().substring((OIDC + ":").length()));
          all &= claim != null && strings(test.getValue()).contains(claim);
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static <T extends Resource> List<T> resources(TestResult result, Class<T> type) {
    return result.resources().stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static Role role(TestResult result, String purpose) {
    return resources(result, Role.class).stream()
        .filter(r -> value(r.name()).endsWith("-" + purpose))
        .findFirst()
        .orElseThrow();
  }

  private static JsonObject trustPolicy(Role role) {
    return JsonParser.parseString(value(role.assumeRolePolicy())).getAsJsonObject();
  }

  private static JsonObject inlinePolicy(TestResult result, String name) {
    return resources(result, RolePolicy.class).stream()
        .filter(p -> name.equals(value(p.name())))
        .map(p -> JsonParser.parseString(value(p.policy())).getAsJsonObject())
        .findFirst()
        .orElseThrow();
  }

  private static JsonObject boundary(TestResult result) {
    List<Policy> policies = resources(result, Policy.class);
    assertThat(policies).hasSize(1);
    return JsonParser.parseString(value(policies.get(0).policy())).getAsJsonObject();
  }

  private static JsonObject sid(List<JsonObject> statements, String sid) {
    return statements.stream()
        .filter(s -> sid.equals(s.get("Sid").getAsString()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no statement " + sid));
  }

  /**
   * Whether an Allow statement of {@code policy} names {@code action} (or a service wildcard that
   * covers it) on {@code resource}.
   */
  private static boolean allows(JsonObject policy, String action, String resource) {
    return statements(policy)
        .filter(s -> s.get("Effect").getAsString().equals("Allow"))
        .filter(
            s -> strings(s.get("Action")).stream().anyMatch(a -> action.matches(globToRegex(a))))
        .anyMatch(
            s ->
                strings(s.get("Resource")).stream()
                    .anyMatch(r -> resource.matches(globToRegex(r))));
  }

  /** The string literals of {@code NAME = List.of(...)} in a Java source. */
  private static List<String> listOf(String source, String name) {
    Matcher list = Pattern.compile(name + "\\s*=\\s*List\\.of\\(([^)]*)\\)").matcher(source);
    assertThat(list.find()).as(name + " = List.of(...)").isTrue();
    List<String> values = new ArrayList<>();
    Matcher literal = Pattern.compile("\"([^\"]*)\"").matcher(list.group(1));
    while (literal.find()) {
      values.add(literal.group(1));
    }
    return values;
  }

  private static JsonObject onlyStatement(JsonObject policy) {
    JsonArray statements = policy.getAsJsonArray("Statement");
    assertThat(statements).hasSize(1);
    return statements.get(0).getAsJsonObject();
  }

  private static Stream<JsonObject> statements(JsonObject policy) {
    List<JsonObject> list = new ArrayList<>();
    policy.getAsJsonArray("Statement").forEach(e -> list.add(e.getAsJsonObject()));
    return list.stream();
  }

  private static List<String> strings(JsonElement element) {
    if (element == null) {
      return List.of();
    }
    if (element.isJsonPrimitive()) {
      return List.of(element.getAsString());
    }
    List<String> list = new ArrayList<>();
    element.getAsJsonArray().forEach(e -> list.add(e.getAsString()));
    return list;
  }

  private static <T> T value(Output<T> output) {
    return PulumiTest.extractValue(output);
  }

  private static String globToRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (String part : glob.split("\\*", -1)) {
      if (!regex.isEmpty()) {
        regex.append(".*");
      }
      regex.append(java.util.regex.Pattern.quote(part));
    }
    return regex.toString();
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
