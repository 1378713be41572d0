package com.example.users.infra;

import com.example.users.infra.artifact.HandlerArtifact;
import com.example.users.infra.settings.StackSettings;
import com.pulumi.Context;
import com.pulumi.Pulumi;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Pulumi program. The CLI runs it through {@code ./mvnw compile exec:java} at the repository
 * root (see {@code Pulumi.yaml}); the reactor rebuilds the handler jar first.
 */
public final class App {

  private App() {}

  /** Runs the program under the Pulumi engine. */
  public static void main(String[] args) {
    Pulumi.run(ctx -> stack(ctx, repositoryRoot(Path.of("").toAbsolutePath())));
  }

  /**
   * Declares the stack: reads and validates the settings, verifies the handler jar, creates the
   * backend and exports its outputs.
   *
   * @param repositoryRoot the directory holding {@code Pulumi.yaml} and {@code handler/}
   */
  public static void stack(Context ctx, Path repositoryRoot) {
    StackSettings settings = StackSettings.parse(ctx.config()::get, ctx.config("aws")::get);
    Path jar = HandlerArtifact.verified(repositoryRoot);
    String name = ctx.projectName() + "-" + ctx.stackName();
    Backend backend = new Backend(name, name, settings, jar);
    ctx.export("apiEndpoint", backend.apiEndpoint());
    ctx.export("tableName", backend.tableName());
    ctx.export("functionName", backend.functionName());
    ctx.export("dashboardUrl", backend.dashboardUrl());
    ctx.export("alarmTopicArn", backend.alarmTopicArn());
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
