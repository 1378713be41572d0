package com.example.users.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.infra.settings.StackSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code Pulumi.yaml} and the stack files agree with the program's settings. */
class StackFilesTest {

  @Test
  void pulumiYaml_namesTheProject_andUsesTheJavaRuntime() {
    Map<String, Object> project = StackFiles.project();
    assertThat(project).containsEntry("name", StackFiles.PROJECT).containsEntry("runtime", "java");
    assertThat((String) project.get("description")).isNotBlank();
    // The maven executor runs in app/, whose .mvn/maven.config builds the root reactor's app and
    // what it needs (the handler jar), with the quality gates off (PulumiEntrypointsTest runs it).
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

  @ParameterizedTest
  @ValueSource(strings = {"sandbox", "production"})
  void stackFile_setsOnlyDeclaredKeys_andParses(String stack) {
    Map<String, Object> values = StackFiles.stackValues(stack);
    values.keySet().stream()
        .filter(k -> k.startsWith(StackFiles.PROJECT + ":"))
        .forEach(
            k ->
                assertThat(StackSettings.KEYS)
                    .as(k)
                    .contains(k.substring(StackFiles.PROJECT.length() + 1)));
    assertThat(values.keySet())
        .allSatisfy(k -> assertThat(k).matches("(aws|" + StackFiles.PROJECT + "):[A-Za-z]+"));
    assertThat(values).containsKey("aws:region");
    Map<String, String> config = StackFiles.effectiveConfig(stack);
    String prefix = StackFiles.PROJECT + ":";
    StackSettings.parse(
        k -> Optional.ofNullable(config.get(prefix + k)),
        k -> Optional.ofNullable(config.get("aws:" + k)));
  }

  @Test
  void production_isPinnedToOneAccount_andARegion() {
    Map<String, Object> values = StackFiles.stackValues("production");
    assertThat(values.get("aws:allowedAccountIds")).isEqualTo(List.of("111111111111"));
    assertThat(values.get("aws:region")).isInstanceOf(String.class);
  }

  @Test
  void production_setsThePermissionsBoundaryTheToolchainCreates_inItsOwnAccount() {
    // The pipeline's deploy role may create roles only with the toolchain's boundary (a
    // placeholder account, like aws:allowedAccountIds, that the README says to replace).
    Map<String, Object> values = StackFiles.stackValues("production");
    assertThat(values.get(StackFiles.PROJECT + ":permissionsBoundaryArn"))
        .isEqualTo("arn:aws:iam::111111111111:policy/user-management-function-boundary");
  }

  @Test
  void sandbox_setsNoPermissionsBoundary_soItDeploysWithoutTheToolchain() {
    assertThat(StackFiles.stackValues("sandbox"))
        .doesNotContainKey(StackFiles.PROJECT + ":permissionsBoundaryArn");
    assertThat(StackFiles.declared().get("permissionsBoundaryArn")).containsEntry("default", "");
  }
}
