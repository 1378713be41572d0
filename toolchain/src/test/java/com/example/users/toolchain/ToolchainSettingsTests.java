package com.example.users.toolchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading and validating the toolchain's config. */
class ToolchainSettingsTests {

  private static ToolchainSettings read(Map<String, String> config) {
    return ToolchainSettings.fromConfig(key -> Optional.ofNullable(config.get(key)));
  }

  private static Map<String, String> valid() {
    Map<String, String> config = new HashMap<>();
    config.put("githubOwner", "octo-org");
    config.put("githubRepo", "user-management.backend_2");
    return config;
  }

  @Test
  void fromConfig_shouldApplyDefaults_whenOnlyTheRequiredKeysAreSet() {
    ToolchainSettings settings = read(valid());

    assertThat(settings.githubOwner()).isEqualTo("octo-org");
    assertThat(settings.githubRepo()).isEqualTo("user-management.backend_2");
    assertThat(settings.existingOidcProviderArn()).isEmpty();
    assertThat(settings.createStateBackend()).isFalse();
    assertThat(settings.resourceNamePrefix()).isEqualTo("user-management");
    assertThat(settings.pullRequestSubjects())
        .containsExactly("repo:octo-org/user-management.backend_2:pull_request");
    assertThat(settings.productionEnvironmentSubjects())
        .containsExactly("repo:octo-org/user-management.backend_2:environment:production");
  }

  @Test
  void fromConfig_shouldAddTheImmutableSubjects_whenBothIdsAreSet() {
    Map<String, String> config = valid();
    config.put("githubOwnerId", "123456");
    config.put("githubRepoId", "456789");

    ToolchainSettings settings = read(config);

    assertThat(settings.pullRequestSubjects())
        .containsExactly(
            "repo:octo-org/user-management.backend_2:pull_request",
            "repo:octo-org@123456/user-management.backend_2@456789:pull_request");
    assertThat(settings.productionEnvironmentSubjects())
        .containsExactly(
            "repo:octo-org/user-management.backend_2:environment:production",
            "repo:octo-org@123456/user-management.backend_2@456789:environment:production");
  }

  @Test
  void fromConfig_shouldRefuseOneIdWithoutTheOther_andIdsThatAreNotNumbers() {
    Map<String, String> onlyOwner = valid();
    onlyOwner.put("githubOwnerId", "123456");
    assertThatThrownBy(() -> read(onlyOwner))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'user-management-toolchain:githubRepoId'")
        .hasMessageContaining("both ids are needed");

    Map<String, String> notANumber = valid();
    notANumber.put("githubOwnerId", "octo-org");
    notANumber.put("githubRepoId", "0123");
    assertThatThrownBy(() -> read(notANumber))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("githubOwnerId' is 'octo-org'")
        .hasMessageContaining("githubRepoId' is '0123'");
  }

  @Test
  void fromConfig_shouldReadTheOptionalKeys() {
    Map<String, String> config = valid();
    config.put(
        "existingOidcProviderArn",
        "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com");
    config.put("createStateBackend", "TRUE");
    config.put("resourceNamePrefix", "users-prod");

    ToolchainSettings settings = read(config);

    assertThat(settings.existingOidcProviderArn()).isPresent();
    assertThat(settings.createStateBackend()).isTrue();
    assertThat(settings.resourceNamePrefix()).isEqualTo("users-prod");
  }

  @Test
  void fromConfig_shouldTreatABlankProviderArnAsUnset() {
    Map<String, String> config = valid();
    config.put("existingOidcProviderArn", "  ");

    assertThat(read(config).existingOidcProviderArn()).isEmpty();
  }

  @Test
  void fromConfig_shouldNameEveryMissingKey_whenRequiredKeysAreMissing() {
    assertThatThrownBy(() -> read(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'user-management-toolchain:githubOwner' is not set")
        .hasMessageContaining("'user-management-toolchain:githubRepo' is not set")
        .hasMessageContaining("pulumi config set githubRepo");
  }

  @Test
  void fromConfig_shouldNameKeyValueAndAllowedValues_whenABooleanIsInvalid() {
    Map<String, String> config = valid();
    config.put("createStateBackend", "yes");

    assertThatThrownBy(() -> read(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'user-management-toolchain:createStateBackend' is 'yes'")
        .hasMessageContaining("one of: true, false");
  }

  @Test
  void fromConfig_shouldRejectAnOwnerWithASlash_whenTheRepoIsGivenAsOwnerSlashRepo() {
    Map<String, String> config = valid();
    config.put("githubOwner", "octo-org/user-management");

    assertThatThrownBy(() -> read(config))
        .hasMessageContaining(
            "'user-management-toolchain:githubOwner' is 'octo-org/user-management'")
        .hasMessageContaining("a GitHub user or organisation name");
  }

  @Test
  void fromConfig_shouldRejectARepoWithWildcards() {
    Map<String, String> config = valid();
    config.put("githubRepo", "*");

    assertThatThrownBy(() -> read(config))
        .hasMessageContaining("'user-management-toolchain:githubRepo' is '*'");
  }

  @Test
  void fromConfig_shouldRejectAProviderArnForAnotherIssuer() {
    Map<String, String> config = valid();
    config.put("existingOidcProviderArn", "arn:aws:iam::123456789012:oidc-provider/gitlab.com");

    assertThatThrownBy(() -> read(config))
        .hasMessageContaining(
            "existingOidcProviderArn' is 'arn:aws:iam::123456789012:oidc-provider/gitlab.com'")
        .hasMessageContaining("token.actions.githubusercontent.com");
  }

  @Test
  void fromConfig_shouldRejectAPrefixThatWouldMatchEverything() {
    Map<String, String> config = valid();
    config.put("resourceNamePrefix", "*");

    assertThatThrownBy(() -> read(config))
        .hasMessageContaining("'user-management-toolchain:resourceNamePrefix' is '*'")
        .hasMessageContaining("3-32 lower-case letters");
  }

  @Test
  void roleName_shouldNeverStartWithTheResourcePrefixAndFitIam() {
    ToolchainSettings settings =
        new ToolchainSettings(
            "o", "user-management".repeat(6), Optional.empty(), false, "user-management");

    String name = settings.roleName("deploy");

    assertThat(name).hasSizeLessThanOrEqualTo(64).startsWith("gha-").endsWith("-deploy");
  }
}
