package com.example.users.infra;

import com.example.users.infra.artifact.HandlerArtifact;
import com.example.users.infra.settings.StackSettings;
import com.pulumi.Context;
import com.pulumi.Pulumi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The Pulumi program. The CLI runs it through {@code ./mvnw compile exec:java} in {@code app/} (see
 * {@code Pulumi.yaml}), which {@code app/.mvn/maven.config} turns into a build of the root reactor
 * limited to this module and what it needs, so the handler jar is rebuilt first.
 */
public final class App {

  private App() {}

  /** Runs the program under the Pulumi engine. */
  public static void main(String[] args) {
    Pulumi.run(ctx -> stack(ctx, repositoryRoot(Path.of("").toAbsolutePath()), System.getenv()));
  }

  /**
   * Declares the stack: reads and validates the settings, verifies the handler jar, creates the
   * user service and exports its outputs.
   *
   * @param repositoryRoot the directory holding {@code Pulumi.yaml} and {@code handler/}
   */
  public static void stack(Context ctx, Path repositoryRoot) {
    stack(ctx, repositoryRoot, Map.of());
  }

  /**
   * Declares the stack as {@link #stack(Context, Path)} does, first checking the stack's region
   * against the toolchain's when the environment names it ({@link
   * StackSettings#TOOLCHAIN_REGION_ENV}, which the pipeline sets).
   *
   * @param env the program's environment variables
   */
  public static void stack(Context ctx, Path repositoryRoot, Map<String, String> env) {
    StackSettings settings = StackSettings.parse(ctx.config()::get, ctx.config("aws")::get);
    settings.requireToolchainRegion(
        Optional.ofNullable(env.get(StackSettings.TOOLCHAIN_REGION_ENV)));
    Path jar = HandlerArtifact.verified(repositoryRoot);
    String name = ctx.projectName() + "-" + ctx.stackName();
    UserService service = new UserService(name, name, settings, jar);
    ctx.export("apiEndpoint", service.apiEndpoint());
    ctx.export("tableName", service.tableName());
    ctx.export("functionName", service.functionName());
    ctx.export("dashboardUrl", service.dashboardUrl());
    ctx.export("alarmTopicArn", service.alarmTopicArn());
    // What scripts/release.sh needs to check and shift the version pulumi up published.
    ctx.export("functionVersion", service.functionVersion());
    service
        .deployment()
        .ifPresent(
            d -> {
              ctx.export("codeDeployApplication", d.application().name());
              ctx.export("codeDeployDeploymentGroup", d.group().deploymentGroupName());
            });
  }

  /** The nearest directory, from {@code start} upwards, that holds {@code Pulumi.yaml}. */
  static Path repositoryRoot(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("Pulumi.yaml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "No Pulumi.yaml in " + start + " or its parents: run the program from the repository.");
  }
}
