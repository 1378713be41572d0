package com.example.users.toolchain;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.iam.OpenIdConnectProvider;
import com.pulumi.aws.iam.OpenIdConnectProviderArgs;
import com.pulumi.aws.iam.Policy;
import com.pulumi.aws.iam.PolicyArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.core.Output;
import java.util.Map;
import java.util.Optional;

/**
 * The toolchain stack: GitHub's OIDC provider, the pull-request preview role and the production
 * deploy role (and, optionally, the state backend). Run by the Pulumi CLI from {@code toolchain/}.
 *
 * <p>The deploy role creates the backend's IAM roles, so it could otherwise create one more
 * powerful than itself: it may create and change roles only with the function boundary policy as
 * their permissions boundary (see {@link Policies#functionBoundaryPolicy}), which this stack also
 * creates.
 *
 * <p>Outputs: {@code previewRoleArn} and {@code deployRoleArn} (for the repository variables {@code
 * AWS_PREVIEW_ROLE_ARN} and {@code AWS_DEPLOY_ROLE_ARN}), {@code region} (for {@code AWS_REGION}),
 * {@code permissionsBoundaryArn} and {@code codeDeployRoleArn} (for the backend's settings of the
 * same names), {@code oidcProviderArn}, and with {@code createStateBackend}: {@code
 * stateBucketName}, {@code stateBackendUrl}, {@code stateKmsKeyArn}, {@code secretsProvider}.
 */
public final class ToolchainProgram {

  /** GitHub Actions' OIDC issuer. */
  public static final String GITHUB_OIDC_URL = "https://" + Policies.GITHUB_OIDC_HOST;

  private ToolchainProgram() {}

  /**
   * Entry point for the Pulumi CLI.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Pulumi.run(ToolchainProgram::stack);
  }

  /** Reads the settings from the stack's config and defines the stack. */
  static void stack(Context ctx) {
    define(ctx, ToolchainSettings.fromConfig(key -> ctx.config().get(key)));
  }

  /** Defines the stack for validated settings. */
  static void define(Context ctx, ToolchainSettings settings) {
    Map<String, String> tags =
        Map.of(
            "project",
            ToolchainSettings.PROJECT,
            "repository",
            settings.githubOwner() + "/" + settings.githubRepo());

    Output<String> providerArn =
        settings
            .existingOidcProviderArn()
            .map(Output::of)
            .orElseGet(
                () ->
                    new OpenIdConnectProvider(
                            "github-actions",
                            OpenIdConnectProviderArgs.builder()
                                .url(GITHUB_OIDC_URL)
                                .clientIdLists(Policies.STS_AUDIENCE)
                                .tags(tags)
                                .build())
                        .arn());

    Optional<StateBackend> state =
        settings.createStateBackend()
            ? Optional.of(StateBackend.create(settings.resourceNamePrefix(), tags))
            : Optional.empty();
    Output<Optional<Policies.StateAccess>> stateAccess =
        state
            .map(s -> s.access().applyValue(Optional::of))
            .orElseGet(() -> Output.of(Optional.empty()));

    Output<Policies.Account> account =
        Output.tuple(
                AwsFunctions.getPartition(),
                AwsFunctions.getCallerIdentity(),
                AwsFunctions.getRegion())
            .applyValue(t -> new Policies.Account(t.t1.partition(), t.t2.accountId(), t.t3.name()));

    String prefix = settings.resourceNamePrefix();
    Policy boundary =
        new Policy(
            "function-boundary",
            PolicyArgs.builder()
                .name(Policies.boundaryPolicyName(prefix))
                .description(
                    "Permissions boundary of every role the backend creates: its tables, its log"
                        + " groups and X-Ray, nothing else")
                .policy(
                    account.applyValue(
                        a -> Policies.toJson(Policies.functionBoundaryPolicy(a, prefix))))
                .tags(tags)
                .build());

    var preview =
        role(
            "github-preview",
            settings.roleName("preview"),
            "Read-only pulumi preview of production, for pull requests and the drift check of "
                + settings.githubOwner()
                + "/"
                + settings.githubRepo(),
            providerArn,
            settings.previewSubjects(),
            tags);
    new RolePolicy(
        "github-preview-read-only",
        RolePolicyArgs.builder()
            .role(preview.name())
            .name("pulumi-preview-read-only")
            .policy(stateAccess.applyValue(s -> Policies.toJson(Policies.previewPolicy(s))))
            .build());

    // CodeDeploy's service role for the backend's traffic shifting. It lives here, not in the
    // backend's stack: it updates aliases, which the function boundary (rightly) never allows, so
    // the deploy role could not create it; and its name is outside the prefix, so the deploy role
    // cannot change it, only pass it to CodeDeploy.
    Role codeDeploy =
        new Role(
            "codedeploy",
            RoleArgs.builder()
                .name(settings.roleName("codedeploy"))
                .description(
                    "CodeDeploy shifts the traffic of the "
                        + prefix
                        + " functions' aliases, rolling back on their alarms")
                .maxSessionDuration(3600)
                .assumeRolePolicy(
                    account.applyValue(a -> Policies.toJson(Policies.codeDeployTrustPolicy(a))))
                .tags(tags)
                .build());
    new RolePolicy(
        "codedeploy-traffic-shifting",
        RolePolicyArgs.builder()
            .role(codeDeploy.name())
            .name("lambda-traffic-shifting")
            .policy(account.applyValue(a -> Policies.toJson(Policies.codeDeployPolicy(a, prefix))))
            .build());

    var deploy =
        role(
            "github-deploy",
            settings.roleName("deploy"),
            "pulumi up of production, for jobs in the production environment of "
                + settings.githubOwner()
                + "/"
                + settings.githubRepo(),
            providerArn,
            settings.productionEnvironmentSubjects(),
            tags);
    new RolePolicy(
        "github-deploy-backend",
        RolePolicyArgs.builder()
            .role(deploy.name())
            .name("pulumi-deploy-backend")
            .policy(
                Output.tuple(account, boundary.arn(), codeDeploy.arn(), stateAccess)
                    .applyValue(
                        t ->
                            Policies.toJson(Policies.deployPolicy(t.t1, prefix, t.t2, t.t3, t.t4))))
            .build());

    ctx.export("oidcProviderArn", providerArn);
    ctx.export("previewRoleArn", preview.arn());
    ctx.export("deployRoleArn", deploy.arn());
    ctx.export("permissionsBoundaryArn", boundary.arn());
    ctx.export("codeDeployRoleArn", codeDeploy.arn());
    // The region every regional ARN of the roles' policies names: the repository variable
    // AWS_REGION, which the backend's program checks its stack's aws:region against.
    ctx.export("region", account.applyValue(Policies.Account::region));
    state.ifPresent(
        s -> {
          ctx.export("stateBucketName", s.bucketName());
          // With its region: the CLI otherwise looks the bucket up in the default region of
          // whoever logs in (the Pulumi state docs' ?region= parameter).
          ctx.export(
              "stateBackendUrl",
              Output.tuple(s.bucketName(), account)
                  .applyValue(t -> "s3://" + t.t1 + "?region=" + t.t2.region()));
          ctx.export("stateKmsKeyArn", s.keyArn());
          ctx.export(
              "secretsProvider",
              AwsFunctions.getRegion()
                  .applyValue(r -> "awskms://" + s.keyAlias() + "?region=" + r.name()));
        });
  }

  private static Role role(
      String logicalName,
      String roleName,
      String description,
      Output<String> providerArn,
      java.util.List<String> subjects,
      Map<String, String> tags) {
    return new Role(
        logicalName,
        RoleArgs.builder()
            .name(roleName)
            .description(description)
            .maxSessionDuration(3600)
            .assumeRolePolicy(
                providerArn.applyValue(arn -> Policies.toJson(Policies.trustPolicy(arn, subjects))))
            .tags(tags)
            .build());
  }
}
