package com.example.users.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.pulumi.aws.iam.OpenIdConnectProvider;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The toolchain program run in-process under the Pulumi SDK's mocks. */
class ToolchainProgramTest {

  private static final String OIDC = "token.actions.githubusercontent.com";

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
  void define_shouldTrustOnlyPullRequests_forThePreviewRole() {
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
    assertThat(equals.get(OIDC + ":sub").getAsString())
        .isEqualTo("repo:octo-org/user-management:pull_request");
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
      assertThat(statement.get("Effect").getAsString()).isEqualTo("Allow");
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
    assertThat(passRole).hasSize(1);
    assertThat(strings(passRole.get(0).get("Action"))).containsExactly("iam:PassRole");
    assertThat(strings(passRole.get(0).get("Resource")))
        .containsExactly("arn:aws:iam::" + AwsMocks.ACCOUNT + ":role/user-management*");
    assertThat(
            passRole
                .get(0)
                .getAsJsonObject("Condition")
                .getAsJsonObject("StringEquals")
                .get("iam:PassedToService")
                .getAsString())
        .isEqualTo("lambda.amazonaws.com");
  }

  @Test
  void define_shouldNotLetTheDeployRoleChangeTheToolchainRoles() {
    TestResult result = run(settings(false, Optional.empty()));

    JsonObject policy = inlinePolicy(result, "pulumi-deploy-backend");
    List<String> iamResources =
        statements(policy)
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
        .startsWith("s3://pulumi-state");
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

    List<JsonObject> previewWrites =
        statements(preview).filter(s -> strings(s.get("Action")).contains("s3:PutObject")).toList();
    assertThat(previewWrites).hasSize(1);
    assertThat(strings(previewWrites.get(0).get("Resource")))
        .as("a preview writes only its lock object")
        .allSatisfy(r -> assertThat(r).endsWith("/.pulumi/locks/*"));
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
