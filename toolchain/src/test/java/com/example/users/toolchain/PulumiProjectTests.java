package com.example.users.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * How the Pulumi CLI finds and runs this program: {@code toolchain/Pulumi.yaml} with the maven
 * executor, whose {@code ./mvnw compile exec:java} may start the program only when run from {@code
 * toolchain/} (never from the repository root, where the backend's program runs).
 */
class PulumiProjectTests {

  private static final Path MODULE = Path.of("").toAbsolutePath();

  @Test
  void pulumiYaml_shouldNameTheProjectAndTheJavaRuntime() throws IOException {
    Map<String, Object> project =
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(Files.readString(MODULE.resolve("Pulumi.yaml")));

    assertThat(project).containsEntry("name", ToolchainSettings.PROJECT);
    assertThat(project).containsEntry("runtime", "java");
  }

  @Test
  void backendProjectName_shouldStartWithTheDeployRolesDefaultPrefix() throws IOException {
    // The backend names every resource "<project>-<stack>-..." (asserted in app's
    // UserServiceTests); the deploy role may manage only names starting with the prefix.
    Map<String, Object> backend =
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(Files.readString(MODULE.getParent().resolve("Pulumi.yaml")));
    assertThat((String) backend.get("name"))
        .startsWith(ToolchainSettings.DEFAULT_RESOURCE_NAME_PREFIX);
  }

  @Test
  @SuppressWarnings("unchecked")
  void productionStack_shouldUseTheBoundaryTheToolchainCreates_inItsOwnAccount()
      throws IOException {
    // The deploy role may create roles only with this boundary (the app's StackFilesTests checks
    // the production file sets it; here: that it names the policy this program creates).
    Map<String, Object> production =
        (Map<String, Object>)
            new Yaml(new SafeConstructor(new LoaderOptions()))
                .<Map<String, Object>>load(
                    Files.readString(MODULE.getParent().resolve("Pulumi.production.yaml")))
                .get("config");
    String arn = (String) production.get("user-management-backend:permissionsBoundaryArn");
    List<Object> accounts = (List<Object>) production.get("aws:allowedAccountIds");

    assertThat(arn)
        .isEqualTo(
            Policies.boundaryPolicyArn(
                new Policies.Account("aws", String.valueOf(accounts.get(0)), "eu-west-1"),
                ToolchainSettings.DEFAULT_RESOURCE_NAME_PREFIX));
  }

  @Test
  @SuppressWarnings("unchecked")
  void productionStack_shouldShiftTrafficWithTheToolchainsCodeDeployRole_inItsOwnAccount()
      throws IOException {
    Map<String, Object> production =
        (Map<String, Object>)
            new Yaml(new SafeConstructor(new LoaderOptions()))
                .<Map<String, Object>>load(
                    Files.readString(MODULE.getParent().resolve("Pulumi.production.yaml")))
                .get("config");
    List<Object> accounts = (List<Object>) production.get("aws:allowedAccountIds");
    ToolchainSettings template =
        new ToolchainSettings(
            "octo-org",
            "user-management",
            java.util.Optional.empty(),
            false,
            ToolchainSettings.DEFAULT_RESOURCE_NAME_PREFIX);

    assertThat(production.get("user-management-backend:trafficShifting"))
        .isEqualTo("Canary10Percent5Minutes");
    // The role ToolchainProgram creates for a repository named like the template (the set-up
    // script writes the real one).
    assertThat(production.get("user-management-backend:codeDeployRoleArn"))
        .isEqualTo("arn:aws:iam::" + accounts.get(0) + ":role/" + template.roleName("codedeploy"));
  }

  @Test
  void execJava_shouldBeEnabledOnlyByTheModulesOwnMavenConfig() throws IOException {
    String mavenConfig = Files.readString(MODULE.resolve(".mvn/maven.config")).trim();
    String pom = Files.readString(MODULE.resolve("pom.xml"));

    assertThat(mavenConfig).isEqualTo("-Dtoolchain.pulumiProgram=true");
    assertThat(pom)
        .contains("<name>toolchain.pulumiProgram</name>")
        .contains("<mainClass>" + ToolchainProgram.class.getName() + "</mainClass>");
    // exec.skip is turned off in exactly one place: the profile that property activates.
    int profile = pom.indexOf("<profiles>");
    assertThat(profile).isPositive();
    assertThat(pom.indexOf("<exec.skip>false</exec.skip>")).isGreaterThan(profile);
    assertThat(pom.split("<exec.skip>false</exec.skip>", -1)).hasSize(2);
    assertThat(Files.exists(MODULE.getParent().resolve(".mvn/maven.config")))
        .as("a root .mvn/maven.config must not switch the toolchain program on for the root run")
        .satisfiesAnyOf(
            exists -> assertThat(exists).isFalse(),
            exists ->
                assertThat(Files.readString(MODULE.getParent().resolve(".mvn/maven.config")))
                    .doesNotContain("toolchain.pulumiProgram"));
  }
}
