package com.example.users.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.users.infra.settings.StackSettings;
import com.example.users.toolchain.Policies;
import com.example.users.toolchain.ToolchainSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code Pulumi.yaml} and the stack files agree with the program's settings. */
class StackFilesTests {

  @Test
  void pulumiYaml_namesTheProject_andUsesTheJavaRuntime() {
    Map<String, Object> project = StackFiles.project();
    assertThat(project).containsEntry("name", StackFiles.PROJECT).containsEntry("runtime", "java");
    assertThat((String) project.get("description")).isNotBlank();
    // The maven executor runs in app/, whose .mvn/maven.config builds the root reactor's app and
    // what it needs (the handler jar), with the quality gates off (PulumiEntrypointsTests runs it).
    assertThat(project).containsEntry("main", "app/");
  }

  @Test
  void programBuild_isTheReactorLimitedToApp_withoutTheQualityGates() throws java.io.IOException {
    java.nio.file.Path app = StackFiles.root().resolve("app");
    assertThat(java.nio.file.Files.isExecutable(app.resolve("mvnw"))).isTrue();
    assertThat(java.nio.file.Files.readAllLines(app.resolve(".mvn/maven.config")))
        .containsExactly(
            "--file=../pom.xml",
            "--projects=app",
            "--also-make",
            "-Dspotless.check.skip=true",
            "-Denforcer.skip=true",
            "-Djacoco.skip=true",
            "-Dmaven.compiler.failOnWarning=false");
  }

  @Test
  void pulumiYaml_declaresEverySetting_withTypeDefaultAndDescription() {
    Map<String, Map<String, Object>> declared = StackFiles.declared();
    assertThat(declared.keySet()).containsExactlyElementsOf(StackSettings.KEYS);
    declared.forEach(
        (key, spec) -> {
          assertThat(spec).as(key).containsKeys("type", "default", "description");
          assertThat(spec.get("type")).as(key).isIn("string", "integer", "boolean");
          Object value = spec.get("default");
          switch ((String) spec.get("type")) {
            case "integer" -> assertThat(value).as(key).isInstanceOf(Integer.class);
            case "boolean" -> assertThat(value).as(key).isInstanceOf(Boolean.class);
            default -> assertThat(value).as(key).isInstanceOf(String.class);
          }
        });
  }

  @Test
  void pulumiYamlDefaults_areTheProgramsDefaults() {
    Map<String, String> defaults = new HashMap<>();
    StackFiles.declared()
        .forEach((k, spec) -> defaults.put(k, String.valueOf(spec.get("default"))));
    StackSettings fromYaml =
        StackSettings.parse(
            k -> Optional.ofNullable(defaults.get(k)), k -> Optional.of("us-east-1"));
    StackSettings fromCode =
        StackSettings.parse(k -> Optional.empty(), k -> Optional.of("us-east-1"));
    assertThat(fromYaml).isEqualTo(fromCode);
  }

  @EveryStack
  void stackFile_setsOnlyDeclaredKeys_andParses(String stack) {
    Map<String, Object> values = StackFiles.stackValues(stack);
    values.keySet().stream()
        .filter(k -> k.startsWith(StackFiles.PROJECT + ":"))
        .forEach(
            k ->
                assertThat(StackSettings.KEYS)
                    .as("[%s] %s is not a setting Pulumi.yaml declares", stack, k)
                    .contains(k.substring(StackFiles.PROJECT.length() + 1)));
    assertThat(values.keySet())
        .allSatisfy(
            k ->
                assertThat(k)
                    .as("[%s] key", stack)
                    .matches("(aws|" + StackFiles.PROJECT + "):[A-Za-z]+"));
    assertThat(values).as("[%s] keys", stack).containsKey("aws:region");
    StackFiles.settings(stack);
  }

  /**
   * A stack that protects its data is pinned to one account, so a deploy with the wrong credentials
   * is refused by the provider before it touches anything.
   */
  @EveryStack
  void stackThatProtectsData_isPinnedToOneAccount_andARegion(String stack) {
    Map<String, Object> values = StackFiles.stackValues(stack);
    assertThat(values.get("aws:region")).as("[%s] aws:region", stack).isInstanceOf(String.class);
    if (StackFiles.settings(stack).protectData()) {
      Object accounts = values.get("aws:allowedAccountIds");
      assertThat(accounts)
          .as("[%s] aws:allowedAccountIds of a stack with protectData: true", stack)
          .isInstanceOf(List.class);
      assertThat((List<?>) accounts)
          .as("[%s] aws:allowedAccountIds: one 12-digit account id", stack)
          .singleElement()
          .asString()
          .matches("\\d{12}");
    }
  }

  /**
   * The pipeline's deploy role may create roles only with the toolchain's boundary: a stack that
   * sets one (a placeholder account, like aws:allowedAccountIds, that the fork script replaces)
   * names the policy the toolchain creates, in the account the stack is pinned to.
   */
  @EveryStack
  void permissionsBoundary_whenSet_isTheToolchainsBoundary_inTheStacksOwnAccount(String stack) {
    Map<String, Object> values = StackFiles.stackValues(stack);
    Object boundary = values.get(StackFiles.PROJECT + ":permissionsBoundaryArn");
    if (boundary != null) {
      Object accounts = values.get("aws:allowedAccountIds");
      assertThat(accounts)
          .as("[%s] aws:allowedAccountIds of a stack with a permissionsBoundaryArn", stack)
          .isInstanceOf(List.class);
      assertThat(boundary)
          .as("[%s] permissionsBoundaryArn", stack)
          .isEqualTo(
              "arn:aws:iam::"
                  + ((List<?>) accounts).get(0)
                  + ":policy/"
                  + Policies.boundaryPolicyName(ToolchainSettings.DEFAULT_RESOURCE_NAME_PREFIX));
    }
  }

  @Test
  void permissionsBoundary_isUnsetByDefault_soAStackDeploysWithoutTheToolchain() {
    assertThat(StackFiles.declared().get("permissionsBoundaryArn")).containsEntry("default", "");
  }

  @Test
  void names_areEveryStackFileAtTheRoot_andNothingElse() throws IOException {
    Path root = Files.createTempDirectory("stack-files");
    try {
      for (String file :
          List.of("Pulumi.yaml", "Pulumi.staging.yaml", "Pulumi.a-b_1.yaml", "Pulumi.x.yml")) {
        Files.writeString(root.resolve(file), "config: {}\n");
      }
      Files.createDirectory(root.resolve("Pulumi.dir.yaml.d"));
      assertThat(StackFiles.names(root)).containsExactly("a-b_1", "staging");
      assertThat(StackFiles.names()).isNotEmpty().isSorted();
    } finally {
      try (Stream<Path> files = Files.list(root)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(root);
    }
    Path empty = Files.createTempDirectory("no-stacks");
    assertThatThrownBy(() -> StackFiles.names(empty))
        .hasMessageContaining("no Pulumi.<stack>.yaml in " + empty);
    Files.delete(empty);
  }
}
