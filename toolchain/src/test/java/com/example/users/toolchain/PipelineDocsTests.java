package com.example.users.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The set-up and operating commands of {@code docs/pipeline.md} and the README, read as the user
 * pastes them: each code block in order. Each rule is one of the review's findings.
 */
class PipelineDocsTests {

  private static final Path PIPELINE = StandIns.ROOT.resolve("docs/pipeline.md");
  private static final Path README = StandIns.ROOT.resolve("README.md");
  private static final Pattern BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);

  /** The bash code blocks of a document, in order. */
  private static List<String> blocks(Path doc) throws IOException {
    List<String> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(Files.readString(doc));
    while (m.find()) {
      blocks.add(m.group(1));
    }
    assertThat(blocks).as(doc.toString()).isNotEmpty();
    return blocks;
  }

  /** Every command line of a document's bash blocks, in order, without comments. */
  private static List<String> commands(Path doc) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String block : blocks(doc)) {
      for (String line : block.split("\\n")) {
        String command = line.replaceAll("\\s+#.*$", "").trim();
        if (!command.isEmpty() && !command.startsWith("#")) {
          lines.add(command);
        }
      }
    }
    return lines;
  }

  private static int first(List<String> lines, String contains) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(contains)) {
        return i;
      }
    }
    throw new AssertionError("no command contains " + contains);
  }

  @Test
  void fileLogin_followsTheMkdirOfItsFolder() throws IOException {
    List<String> lines = commands(PIPELINE);
    int login = first(lines, "pulumi login \"file://");
    assertThat(lines.get(login - 1))
        .as("pulumi login file:// refuses a missing folder (pulumi/pulumi #15841)")
        .isEqualTo("mkdir -p \"$HOME/.pulumi-toolchain-state\"")
        .contains(lines.get(login).replaceAll(".*file://([^\"]*)\".*", "$1"));
  }

  @Test
  void theKmsSecretsProvider_isReadBeforeLoggingInToTheBucket_andProductionUsesIt()
      throws IOException {
    List<String> lines = commands(PIPELINE);
    int read =
        first(lines, "secrets_provider=\"$(pulumi -C toolchain stack output secretsProvider)\"");
    int url = first(lines, "backend_url=\"$(pulumi -C toolchain stack output stateBackendUrl)\"");
    int bucket = first(lines, "pulumi login \"$backend_url\"");
    int init =
        first(lines, "pulumi stack init production --secrets-provider \"$secrets_provider\"");
    assertThat(read).isLessThan(bucket);
    assertThat(url).isLessThan(bucket);
    assertThat(init).isGreaterThan(bucket);
    assertThat(Files.readString(PIPELINE))
        .contains("Commit\nthose lines")
        .contains("`secretsprovider:` and `encryptedkey:`");
  }

  @Test
  void productionIsProtected_beforeTheDeployRolesVariableExists_whichIsSetLast()
      throws IOException {
    List<String> lines = commands(PIPELINE);
    int protect = first(lines, "gh api --method PUT \"repos/OWNER/REPO/environments/production\"");
    int deploy = first(lines, "gh variable set AWS_DEPLOY_ROLE_ARN");
    assertThat(protect).isLessThan(deploy);
    assertThat(lines.subList(deploy + 1, lines.size()))
        .noneMatch(l -> l.startsWith("gh variable set") || l.contains("gh secret set"));
    assertThat(Files.readString(PIPELINE)).contains("only with GitHub Enterprise** (a paid plan)");
  }

  @Test
  void optionalToolchainSettings_sitInTheirOwnBlock_apartFromTheRequiredOnesAndTheUp()
      throws IOException {
    for (String block : blocks(PIPELINE)) {
      if (block.contains("existingOidcProviderArn")
          || block.contains("createStateBackend")
          || block.contains("resourceNamePrefix")) {
        assertThat(block)
            .as("pasting the optional settings must not run anything else")
            .doesNotContain("config set githubOwner ")
            .doesNotContain(" up");
      }
    }
  }

  @Test
  void everyBackendStackCommand_namesItsStack() throws IOException {
    Pattern stackCommand =
        Pattern.compile(
            "\\bpulumi (up|destroy|preview|refresh|config (set|get)|stack output|state unprotect)\\b");
    for (Path doc : List.of(PIPELINE, README)) {
      for (String line : commands(doc)) {
        if (stackCommand.matcher(line).find() && !line.contains("pulumi -C toolchain")) {
          assertThat(line)
              .as(doc.getFileName() + ": a command on a stack names it")
              .containsPattern("(-s|--stack) \\S+");
        }
      }
    }
  }

  @Test
  void protectData_isLiftedThroughThePipeline_notByAnUpOfYourOwn() throws IOException {
    for (Path doc : List.of(PIPELINE, README)) {
      assertThat(Files.readString(doc))
          .as(doc.getFileName().toString())
          .doesNotContain("config set protectData false && pulumi up");
    }
    assertThat(Files.readString(PIPELINE))
        .contains("set `user-management-backend:protectData: false` in\n`Pulumi.production.yaml`");
  }

  @Test
  void sigV4Curl_exportsTheSessionsKeysFirst_forSsoUsers() throws IOException {
    for (Path doc : List.of(PIPELINE, README)) {
      for (String block : blocks(doc)) {
        if (block.contains("--aws-sigv4")) {
          assertThat(block)
              .as(doc.getFileName() + ": SSO users have no key variables until they export them")
              .contains("eval \"$(aws configure export-credentials --format env)\"");
        }
      }
    }
  }

  @Test
  void waitingForSnapStart_namesTheStacksRegion() throws IOException {
    for (Path doc : List.of(PIPELINE, README)) {
      Matcher wait =
          Pattern.compile("scripts/wait-for-snapstart\\.sh [^`\\n]*")
              .matcher(Files.readString(doc));
      int found = 0;
      while (wait.find()) {
        if (wait.group().contains("$(pulumi")) {
          found++;
          assertThat(wait.group())
              .as(doc.getFileName().toString())
              .contains("live \"$(pulumi config get aws:region -s ");
        }
      }
      assertThat(found).as(doc.getFileName().toString()).isPositive();
    }
  }

  @Test
  void theSetUpScript_isTheReadmesWay_andEveryPageItNamesExists() throws IOException {
    String readme = Files.readString(README);
    assertThat(readme)
        .contains("scripts/setup-pipeline.sh --repo OWNER/REPO --state cloud")
        .contains("[docs/pipeline.md](docs/pipeline.md)");
    for (String path :
        List.of(
            "scripts/setup-pipeline.sh",
            "scripts/release.sh",
            "scripts/pre-traffic-check.sh",
            "scripts/drift-check.sh",
            "scripts/drift-issue.sh",
            ".github/workflows/drift.yml",
            "app/src/test/resources/provider-api-calls.yaml")) {
      assertThat(Files.readString(PIPELINE)).contains(path.replace(".github/workflows/", ""));
      assertThat(StandIns.ROOT.resolve(path)).exists();
    }
  }
}
