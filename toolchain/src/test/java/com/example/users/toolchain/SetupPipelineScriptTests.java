package com.example.users.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code scripts/setup-pipeline.sh} in a copy of the repository's files it touches, against
 * stand-in {@code gh}, {@code pulumi} and {@code aws} that record their calls. The stand-in {@code
 * pulumi} remembers its login: the toolchain's outputs exist only in the toolchain's own state, as
 * with the real CLI, and {@code stack init --secrets-provider} writes the stack file's lines.
 */
class SetupPipelineScriptTests {

  private static final String TOKEN = "pul-0123456789abcdef";
  private static final String ACCOUNT = "012345678901";
  private static final String BUCKET_URL = "s3://pulumi-state-1a2b?region=eu-west-1";
  private static final String KMS = "awskms://alias/user-management-pulumi-state?region=eu-west-1";

  @TempDir Path dir;
  private Path repo;
  private Path script;

  @BeforeEach
  void copyTheRepository() throws IOException {
    repo = Files.createDirectories(dir.resolve("repo"));
    Files.createDirectories(repo.resolve("scripts"));
    Files.createDirectories(repo.resolve("toolchain"));
    script = repo.resolve("scripts/setup-pipeline.sh");
    Files.copy(StandIns.ROOT.resolve("scripts/setup-pipeline.sh"), script);
    Files.copy(
        StandIns.ROOT.resolve("Pulumi.production.yaml"),
        repo.resolve("Pulumi.production.yaml"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        StandIns.ROOT.resolve("toolchain/Pulumi.yaml"), repo.resolve("toolchain/Pulumi.yaml"));
    Files.writeString(dir.resolve("account"), ACCOUNT);
    repository("public", "User");
    Files.writeString(dir.resolve("sub.json"), "{\"use_default\": true}");
    Files.writeString(dir.resolve("kept"), "1");
    Files.writeString(dir.resolve("plan"), "free");
  }

  private void repository(String visibility, String ownerType) throws IOException {
    Files.writeString(
        dir.resolve("repo.json"),
        """
        {"name": "users-api", "id": 456789, "visibility": "%s", "private": %s,
         "owner": {"login": "octo-org", "id": 123456, "type": "%s"},
         "permissions": {"admin": true}}
        """
            .formatted(visibility, !visibility.equals("public"), ownerType));
  }

  private StandIns standIns() throws IOException {
    return new StandIns(dir)
        .command(
            "gh",
            """
            case "$*" in
              "auth status") [ -f "$STATE/no-gh" ] && exit 1; exit 0 ;;
              "api repos/octo-org/users-api") cat "$STATE/repo.json" ;;
              "api repos/octo-org/users-api/actions/oidc/customization/sub") cat "$STATE/sub.json" ;;
              "api orgs/octo-org --jq"*|"api user --jq .plan.name"*) cat "$STATE/plan" ;;
              "api user --jq .login") echo octocat ;;
              "api users/"*" --jq .id") echo 583231 ;;
              "api --method PUT repos/octo-org/users-api/environments/production --input -") echo '{}' ;;
              "api repos/octo-org/users-api/environments/production/deployment-branch-policies --jq"*) ;;
              "api --method POST repos/octo-org/users-api/environments/production/deployment-branch-policies"*) echo '{}' ;;
              "api repos/octo-org/users-api/environments/production --jq"*) cat "$STATE/kept" ;;
              "variable set"*|"secret set"*) ;;
              *) echo "unexpected gh $*" >&2; exit 9 ;;
            esac
            """)
        .command(
            "pulumi",
            """
            case "$*" in
              whoami) echo octocat ;;
              "login "*) echo "$2" > "$STATE/login" ;;
              "-C toolchain stack output --json --stack"*)
                case "$(cat "$STATE/login" 2>/dev/null)" in
                  s3://*) echo '{}' ;;
                  *) printf '%s' '{"previewRoleArn": "arn:aws:iam::012345678901:role/gha-users-api-preview",
                    "deployRoleArn": "arn:aws:iam::012345678901:role/gha-users-api-deploy",
                    "permissionsBoundaryArn": "arn:aws:iam::012345678901:policy/user-management-function-boundary",
                    "codeDeployRoleArn": "arn:aws:iam::012345678901:role/gha-users-api-codedeploy",
                    "region": "eu-west-1",
                    "stateBackendUrl": "@URL@", "secretsProvider": "@KMS@"}' ;;
                esac ;;
              "-C toolchain "*) ;;
              "stack select production") exit 1 ;;
              "stack init production --secrets-provider "*)
                printf 'secretsprovider: %s\\nencryptedkey: AQICAHh\\n' "$5" >> Pulumi.production.yaml ;;
              "stack select --create "*|"config set "*) ;;
              *) echo "unexpected pulumi $*" >&2; exit 9 ;;
            esac
            """
                .replace("@URL@", BUCKET_URL)
                .replace("@KMS@", KMS))
        .command(
            "aws",
            """
            [ -f "$STATE/no-aws" ] && { echo 'Unable to locate credentials' >&2; exit 255; }
            cat "$STATE/account"
            """);
  }

  private StandIns.Run setup(StandIns standIns, String... args) throws Exception {
    return standIns.run(repo, script, args);
  }

  @Test
  void pulumiCloud_deploysTheToolchain_protectsProduction_thenLetsItDeploy() throws Exception {
    StandIns.Run run =
        setup(
            standIns().env("PULUMI_ACCESS_TOKEN", TOKEN),
            "--repo",
            "octo-org/users-api",
            "--state",
            "cloud",
            "--region",
            "eu-west-1");

    assertThat(run.exit()).as(run.output()).isZero();
    // The toolchain learns both subject formats from GitHub's ids.
    assertThat(run.calls())
        .contains(
            "pulumi -C toolchain config set --stack toolchain githubOwner octo-org",
            "pulumi -C toolchain config set --stack toolchain githubRepo users-api",
            "pulumi -C toolchain config set --stack toolchain githubOwnerId 123456",
            "pulumi -C toolchain config set --stack toolchain githubRepoId 456789",
            "pulumi -C toolchain config set --stack toolchain createStateBackend false",
            "pulumi -C toolchain up --yes --stack toolchain");
    int protect =
        run.indexOf("gh api --method PUT repos/octo-org/users-api/environments/production");
    int verify = run.indexOf("gh api repos/octo-org/users-api/environments/production --jq");
    int deployVariable = run.indexOf("gh variable set AWS_DEPLOY_ROLE_ARN");
    assertThat(protect).isPositive();
    assertThat(verify).isGreaterThan(protect);
    assertThat(deployVariable)
        .as("the deploy role's variable after the protection")
        .isGreaterThan(verify);
    assertThat(run.calls().subList(deployVariable + 1, run.calls().size()))
        .as("nothing is set on the repository after the deploy role's variable")
        .noneMatch(c -> c.startsWith("gh variable set") || c.startsWith("gh secret set"));
    assertThat(run.calls().get(deployVariable))
        .endsWith("--body arn:aws:iam::012345678901:role/gha-users-api-deploy");
    assertThat(run.calls())
        .contains(
            "gh variable set AWS_REGION --repo octo-org/users-api --body eu-west-1",
            "gh secret set PULUMI_ACCESS_TOKEN --repo octo-org/users-api",
            "pulumi stack select --create production")
        .noneMatch(c -> c.contains(TOKEN))
        .noneMatch(c -> c.contains("PULUMI_BACKEND_URL"));
    StandIns standIns = new StandIns(dir);
    assertThat(standIns.stdin("gh"))
        .as("the token reaches gh on its input, never on a command line")
        .contains(TOKEN)
        .contains("\"reviewers\": [{\"type\":\"User\",\"id\":583231}]")
        .contains("\"custom_branch_policies\": true");
    assertThat(run.calls())
        .contains(
            "gh api --method POST repos/octo-org/users-api/environments/production/deployment-branch-policies -f name=main -f type=branch");
    // Production's committed settings: this account, the toolchain's ARNs.
    assertThat(Files.readString(repo.resolve("Pulumi.production.yaml")))
        .contains("    - \"" + ACCOUNT + "\"")
        .doesNotContain("111111111111\" # REPLACE with your production AWS account id\n    -");
    assertThat(run.calls())
        .contains(
            "pulumi config set --stack production permissionsBoundaryArn"
                + " arn:aws:iam::012345678901:policy/user-management-function-boundary",
            "pulumi config set --stack production codeDeployRoleArn"
                + " arn:aws:iam::012345678901:role/gha-users-api-codedeploy");
    assertThat(run.output()).contains("Commit Pulumi.production.yaml now");
  }

  @Test
  void pulumiCloud_withAnOrganisation_andDependabotPreviews() throws Exception {
    StandIns.Run run =
        setup(
            standIns().env("PULUMI_ACCESS_TOKEN", TOKEN),
            "--repo",
            "octo-org/users-api",
            "--state",
            "cloud",
            "--region",
            "eu-west-1",
            "--pulumi-org",
            "acme",
            "--dependabot-preview");

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.calls())
        .contains(
            "pulumi -C toolchain stack select --create acme/toolchain",
            "pulumi stack select --create acme/production",
            "gh variable set PULUMI_STACK --repo octo-org/users-api --body acme/production",
            "gh secret set PULUMI_ACCESS_TOKEN --repo octo-org/users-api --app dependabot");
  }

  @Test
  void selfManagedState_keepsKmsEncryption_andTheToolchainStateFolder() throws Exception {
    StandIns.Run run =
        setup(standIns(), "--repo", "octo-org/users-api", "--state", "s3", "--region", "eu-west-1");

    assertThat(run.exit()).as(run.output()).isZero();
    Path folder = dir.resolve("home/.pulumi-toolchain-state");
    assertThat(folder)
        .as("created before pulumi login file:// (pulumi/pulumi #15841)")
        .isDirectory();
    int fileLogin = run.indexOf("pulumi login file://" + folder);
    int outputs = run.indexOf("pulumi -C toolchain stack output --json --stack toolchain");
    int bucketLogin = run.indexOf("pulumi login " + BUCKET_URL);
    int init = run.indexOf("pulumi stack init production --secrets-provider " + KMS);
    assertThat(fileLogin).isNotNegative();
    assertThat(outputs).as("outputs read in the toolchain's own state").isGreaterThan(fileLogin);
    assertThat(bucketLogin).as("before switching to the bucket").isGreaterThan(outputs);
    assertThat(init).as("production created with the KMS key").isGreaterThan(bucketLogin);
    assertThat(run.calls())
        .contains(
            "pulumi -C toolchain config set --stack toolchain createStateBackend true",
            "gh variable set PULUMI_BACKEND_URL --repo octo-org/users-api --body " + BUCKET_URL)
        .noneMatch(c -> c.startsWith("gh secret set"));
    assertThat(Files.readString(repo.resolve("Pulumi.production.yaml")))
        .contains("secretsprovider: " + KMS)
        .contains("encryptedkey: ");
    assertThat(run.output())
        .contains("Commit Pulumi.production.yaml now")
        .contains("secretsprovider: and encryptedkey:");
  }

  @Test
  void refuses_withoutAGitHubLogin() throws Exception {
    Files.writeString(dir.resolve("no-gh"), "");
    assertRefused(
        setup(
            standIns().env("PULUMI_ACCESS_TOKEN", TOKEN),
            "--repo",
            "octo-org/users-api",
            "--state",
            "cloud",
            "--region",
            "eu-west-1"),
        "the GitHub CLI is not logged in: run gh auth login");
  }

  @Test
  void refuses_withoutAwsCredentials() throws Exception {
    Files.writeString(dir.resolve("no-aws"), "");
    assertRefused(
        setup(standIns(), "--repo", "octo-org/users-api", "--state", "s3", "--region", "eu-west-1"),
        "no AWS credentials: log in to the production account");
  }

  @Test
  void refuses_pulumiCloud_withoutAToken() throws Exception {
    assertRefused(
        setup(
            standIns(),
            "--repo",
            "octo-org/users-api",
            "--state",
            "cloud",
            "--region",
            "eu-west-1"),
        "--state cloud needs PULUMI_ACCESS_TOKEN");
  }

  @ParameterizedTest
  @ValueSource(strings = {"team", "free"})
  void refuses_aPrivateRepository_whosePlanHasNoRequiredReviewers(String plan) throws Exception {
    repository("private", "Organization");
    Files.writeString(dir.resolve("plan"), plan);
    assertRefused(
        setup(standIns(), "--repo", "octo-org/users-api", "--state", "s3", "--region", "eu-west-1"),
        "need GitHub Enterprise");
  }

  @Test
  void accepts_aPrivateRepository_onGitHubEnterprise() throws Exception {
    repository("private", "Organization");
    Files.writeString(dir.resolve("plan"), "enterprise");
    StandIns.Run run =
        setup(standIns(), "--repo", "octo-org/users-api", "--state", "s3", "--region", "eu-west-1");
    assertThat(run.exit()).as(run.output()).isZero();
  }

  @Test
  void refuses_aCustomOidcSubjectTemplate() throws Exception {
    Files.writeString(
        dir.resolve("sub.json"),
        "{\"use_default\": false, \"include_claim_keys\": [\"repository_owner_id\", \"context\"]}");
    assertRefused(
        setup(standIns(), "--repo", "octo-org/users-api", "--state", "s3", "--region", "eu-west-1"),
        "uses a custom OIDC subject template");
  }

  @Test
  void refuses_toLetProductionDeploy_whenGitHubDroppedTheReviewers() throws Exception {
    Files.writeString(dir.resolve("kept"), "0");
    StandIns.Run run =
        setup(standIns(), "--repo", "octo-org/users-api", "--state", "s3", "--region", "eu-west-1");

    assertThat(run.exit()).isNotZero();
    assertThat(run.output())
        .contains("GitHub did not keep the required reviewers")
        .contains("The deploy role's variable is NOT set");
    assertThat(run.calls()).noneMatch(c -> c.startsWith("gh variable set"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"--state=cloud", "local"})
  void refuses_anUnknownStateChoice(String state) throws Exception {
    StandIns.Run run = setup(standIns(), "--repo", "octo-org/users-api", "--state", state);
    assertThat(run.exit()).isNotZero();
    assertThat(run.output()).contains("--state must be cloud (Pulumi Cloud) or s3");
    assertThat(run.calls()).isEmpty();
  }

  /** Refused with the message, before changing anything anywhere. */
  private static void assertRefused(StandIns.Run run, String message) {
    assertThat(run.exit()).as(run.output()).isNotZero();
    assertThat(run.output()).contains(message);
    assertThat(run.calls())
        .as("nothing changed")
        .noneMatch(
            c ->
                c.contains(" up ")
                    || c.startsWith("pulumi login")
                    || c.contains("stack select")
                    || c.contains("config set")
                    || c.startsWith("gh variable")
                    || c.startsWith("gh secret")
                    || c.contains("--method"));
    assertThat(List.of(run.output())).isNotEmpty();
  }
}
