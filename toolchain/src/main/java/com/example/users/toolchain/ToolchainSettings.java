package com.example.users.toolchain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The toolchain stack's settings, read once from Pulumi config and validated.
 *
 * @param githubOwner the GitHub user or organisation that owns the repository, spelled exactly as
 *     GitHub does (the OIDC {@code sub} claim is compared case-sensitively)
 * @param githubRepo the repository name, without the owner
 * @param existingOidcProviderArn the ARN of an existing {@code token.actions.githubusercontent.com}
 *     identity provider to reuse; empty to create one (an account can hold only one)
 * @param createStateBackend whether to create an S3 bucket and KMS key for self-managed state
 * @param resourceNamePrefix the name prefix of the backend's AWS resources; the deploy role may
 *     only manage resources whose names start with it, and the function boundary allows only the
 *     tables and log groups whose names start with it
 * @param githubOwnerId the owner's immutable numeric id ({@code gh api repos/OWNER/REPO --jq
 *     .owner.id}), with {@code githubRepoId}: the roles then also trust GitHub's immutable subject
 *     format, {@code repo:OWNER@OWNER_ID/REPO@REPO_ID:...}, which repositories created (renamed,
 *     transferred) since 2026-06-18 carry
 * @param githubRepoId the repository's immutable numeric id ({@code gh api repos/OWNER/REPO --jq
 *     .id})
 */
public record ToolchainSettings(
    String githubOwner,
    String githubRepo,
    Optional<String> existingOidcProviderArn,
    boolean createStateBackend,
    String resourceNamePrefix,
    Optional<String> githubOwnerId,
    Optional<String> githubRepoId) {

  /** The Pulumi project name, the namespace of every key below. */
  public static final String PROJECT = "user-management-toolchain";

  static final String GITHUB_OWNER = "githubOwner";
  static final String GITHUB_REPO = "githubRepo";
  static final String EXISTING_OIDC_PROVIDER_ARN = "existingOidcProviderArn";
  static final String CREATE_STATE_BACKEND = "createStateBackend";
  static final String RESOURCE_NAME_PREFIX = "resourceNamePrefix";
  static final String GITHUB_OWNER_ID = "githubOwnerId";
  static final String GITHUB_REPO_ID = "githubRepoId";

  /**
   * What separates a name from its immutable id in GitHub's immutable subject format. GitHub first
   * announced {@code -} (changelog of 2026-04-23) and changed it to {@code @} (editor's note of
   * 2026-06-10). Only {@code @} is trusted: it cannot occur in a GitHub name, whereas {@code
   * repo:octo-org-123/users-456} is also the legacy subject of a repository {@code users-456} of an
   * account named {@code octo-org-123}, which anyone could register.
   */
  public static final String IMMUTABLE_ID_DELIMITER = "@";

  /**
   * Default {@code resourceNamePrefix}: the backend names its resources {@code user-management-*}.
   */
  public static final String DEFAULT_RESOURCE_NAME_PREFIX = "user-management";

  // GitHub's own rules: owners are 1-39 letters, digits or single inner hyphens; repository names
  // are up to 100 letters, digits, '.', '-' or '_' (and never "." or "..").
  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}");
  private static final Pattern REPO = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  private static final Pattern OIDC_PROVIDER_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/token\\.actions\\.githubusercontent\\.com");
  // Valid at the start of a DynamoDB table, Lambda function, IAM role, SNS topic and log group
  // name.
  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9-]{2,31}");
  private static final Pattern NUMERIC_ID = Pattern.compile("[1-9][0-9]{0,19}");

  /** Settings without the immutable ids: the roles trust the legacy subject format only. */
  public ToolchainSettings(
      String githubOwner,
      String githubRepo,
      Optional<String> existingOidcProviderArn,
      boolean createStateBackend,
      String resourceNamePrefix) {
    this(
        githubOwner,
        githubRepo,
        existingOidcProviderArn,
        createStateBackend,
        resourceNamePrefix,
        Optional.empty(),
        Optional.empty());
  }

  /** Validates the record's invariants (the same rules {@link #fromConfig} reports on). */
  public ToolchainSettings {
    List<String> errors = new ArrayList<>();
    check(errors, GITHUB_OWNER, githubOwner, OWNER, "a GitHub user or organisation name");
    check(errors, GITHUB_REPO, githubRepo, REPO, "a GitHub repository name without the owner");
    if (".".equals(githubRepo) || "..".equals(githubRepo)) {
      errors.add(message(GITHUB_REPO, githubRepo, "a GitHub repository name, not '.' or '..'"));
    }
    existingOidcProviderArn.ifPresent(
        arn ->
            check(
                errors,
                EXISTING_OIDC_PROVIDER_ARN,
                arn,
                OIDC_PROVIDER_ARN,
                "the ARN of the account's GitHub provider,"
                    + " arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com,"
                    + " or unset to create one"));
    check(
        errors,
        RESOURCE_NAME_PREFIX,
        resourceNamePrefix,
        PREFIX,
        "3-32 lower-case letters, digits or hyphens, starting with a letter");
    String idAllowed =
        "GitHub's numeric id (set by scripts/setup-pipeline.sh from gh api), set together with "
            + "the other id";
    githubOwnerId.ifPresent(id -> check(errors, GITHUB_OWNER_ID, id, NUMERIC_ID, idAllowed));
    githubRepoId.ifPresent(id -> check(errors, GITHUB_REPO_ID, id, NUMERIC_ID, idAllowed));
    if (githubOwnerId.isPresent() != githubRepoId.isPresent()) {
      errors.add(
          message(
              githubOwnerId.isPresent() ? GITHUB_REPO_ID : GITHUB_OWNER_ID,
              "",
              idAllowed + ": both ids are needed for the immutable subject format"));
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", errors));
    }
  }

  /**
   * Reads and validates the settings.
   *
   * @param config looks a key up in this project's config, e.g. {@code key ->
   *     ctx.config().get(key)}
   * @throws IllegalArgumentException listing every invalid or missing setting, each with its key,
   *     its value, what is allowed and how to set it
   */
  public static ToolchainSettings fromConfig(Function<String, Optional<String>> config) {
    List<String> errors = new ArrayList<>();
    String owner = required(config, GITHUB_OWNER, "your-github-user-or-org", errors);
    String repo = required(config, GITHUB_REPO, "your-repository", errors);
    Optional<String> providerArn = optional(config, EXISTING_OIDC_PROVIDER_ARN);
    boolean createState = false;
    Optional<String> rawCreateState = optional(config, CREATE_STATE_BACKEND);
    if (rawCreateState.isPresent()) {
      String value = rawCreateState.get().toLowerCase(Locale.ROOT);
      if (value.equals("true") || value.equals("false")) {
        createState = Boolean.parseBoolean(value);
      } else {
        errors.add(message(CREATE_STATE_BACKEND, rawCreateState.get(), "one of: true, false"));
      }
    }
    String prefix = optional(config, RESOURCE_NAME_PREFIX).orElse(DEFAULT_RESOURCE_NAME_PREFIX);
    Optional<String> ownerId = optional(config, GITHUB_OWNER_ID);
    Optional<String> repoId = optional(config, GITHUB_REPO_ID);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", errors));
    }
    return new ToolchainSettings(owner, repo, providerArn, createState, prefix, ownerId, repoId);
  }

  /**
   * The OIDC subjects of a workflow job run for a pull request in this repository: the legacy
   * format and, when the ids are known, the immutable one.
   */
  public List<String> pullRequestSubjects() {
    return subjects("pull_request");
  }

  /**
   * The subjects of the preview role: pull requests, and jobs of the {@code main} branch outside
   * any environment (the scheduled drift check, {@code .github/workflows/drift.yml}), which run
   * only reviewed code.
   */
  public List<String> previewSubjects() {
    List<String> subjects = new ArrayList<>(pullRequestSubjects());
    subjects.addAll(subjects("ref:refs/heads/main"));
    return List.copyOf(subjects);
  }

  /**
   * The OIDC subjects of a workflow job that runs in the repository's {@code production}
   * environment, in each format the repository's tokens may carry.
   */
  public List<String> productionEnvironmentSubjects() {
    return subjects("environment:production");
  }

  private List<String> subjects(String context) {
    List<String> subjects = new ArrayList<>();
    subjects.add("repo:" + githubOwner + "/" + githubRepo + ":" + context);
    if (githubOwnerId.isPresent() && githubRepoId.isPresent()) {
      subjects.add(
          "repo:"
              + githubOwner
              + IMMUTABLE_ID_DELIMITER
              + githubOwnerId.get()
              + "/"
              + githubRepo
              + IMMUTABLE_ID_DELIMITER
              + githubRepoId.get()
              + ":"
              + context);
    }
    return List.copyOf(subjects);
  }

  /**
   * The IAM role name for a purpose ({@code preview}, {@code deploy}). It never starts with {@link
   * #resourceNamePrefix}, so the deploy role, which manages {@code role/PREFIX*}, cannot change
   * itself or the preview role.
   */
  public String roleName(String purpose) {
    String name = "gha-" + githubRepo.replaceAll("[^A-Za-z0-9+=,.@_-]", "-") + "-" + purpose;
    return name.length() <= 64
        ? name
        : name.substring(0, 64 - purpose.length() - 1) + "-" + purpose;
  }

  private static String required(
      Function<String, Optional<String>> config, String key, String example, List<String> errors) {
    Optional<String> value = optional(config, key);
    if (value.isEmpty()) {
      errors.add(
          "Config '"
              + PROJECT
              + ":"
              + key
              + "' is not set: it is required. Set it with: pulumi config set "
              + key
              + " "
              + example);
      return "";
    }
    return value.get();
  }

  private static Optional<String> optional(Function<String, Optional<String>> config, String key) {
    return config.apply(key).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static void check(
      List<String> errors, String key, String value, Pattern pattern, String allowed) {
    if (value == null || !pattern.matcher(value).matches()) {
      errors.add(message(key, value, allowed));
    }
  }

  private static String message(String key, String value, String allowed) {
    return "Config '"
        + PROJECT
        + ":"
        + key
        + "' is '"
        + value
        + "': expected "
        + allowed
        + ". Fix it with: pulumi config set "
        + key
        + " <value>";
  }
}
