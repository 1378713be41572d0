package com.example.users.infra;

import com.example.users.infra.RecordingMocks.Recorded;
import com.pulumi.core.Output;
import com.pulumi.resources.Resource;
import com.pulumi.resources.ResourceOptions;
import com.pulumi.resources.ResourceTransformation;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.PulumiTestInternal;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One run of the program under mocks, with the configuration of a real stack file, and what it
 * registered.
 */
final class ProgramRun {

  private static Path fakeRoot;

  final String stack;
  final List<Recorded> resources;
  final Map<String, Object> outputs;
  final TestResult result;

  /** The URN of every resource the program registered, components included. */
  final List<String> urns;

  private final Map<String, ResourceOptions> options;

  private ProgramRun(
      String stack,
      List<Recorded> resources,
      Map<String, Object> outputs,
      TestResult result,
      List<String> urns,
      Map<String, ResourceOptions> options) {
    this.stack = stack;
    this.resources = resources;
    this.outputs = outputs;
    this.result = result;
    this.urns = urns;
    this.options = options;
  }

  /** The prefix of every resource's name in this stack: {@code <project>-<stack>-}. */
  String namePrefix() {
    return StackFiles.PROJECT + "-" + stack + "-";
  }

  /** The resource options (protect, ignoreChanges, ...) the program gave a resource. */
  ResourceOptions options(Recorded resource) {
    return options.get(resource.type() + "::" + resource.name());
  }

  /** Runs the program for {@code stack} with its real stack file. */
  static ProgramRun of(String stack) {
    return of(stack, StackFiles.effectiveConfig(stack));
  }

  /** Runs the program with the given configuration ({@code namespace:key} → value). */
  static ProgramRun of(String stack, Map<String, String> config) {
    return of(stack, config, Map.of());
  }

  /** Runs the program with the given configuration and environment variables. */
  static ProgramRun of(String stack, Map<String, String> config, Map<String, String> env) {
    String region = config.getOrDefault("aws:region", "us-east-1");
    RecordingMocks mocks = new RecordingMocks(region);
    Path root = fakeRepository();
    // Mocks never see resource options; a no-op transformation records them.
    Map<String, ResourceOptions> options = new ConcurrentHashMap<>();
    List<Resource> registered = new CopyOnWriteArrayList<>();
    ResourceTransformation recordOptions =
        args -> {
          registered.add(args.resource());
          options.put(
              args.resource().pulumiResourceType() + "::" + args.resource().pulumiResourceName(),
              args.options());
          return Optional.empty();
        };
    TestResult result =
        PulumiTestInternal.builder()
            .options(
                TestOptions.builder()
                    .projectName(StackFiles.PROJECT)
                    .stackName(stack)
                    .preview(false)
                    .resourceTransformations(List.of(recordOptions))
                    .build())
            .mocks(mocks)
            .config(config)
            .build()
            .runTest(ctx -> App.stack(ctx, root, env));
    Map<String, Object> outputs = new LinkedHashMap<>();
    List<String> urns = new ArrayList<>();
    if (result.exceptions().isEmpty()) {
      result.outputs().forEach((k, v) -> outputs.put(k, PulumiTest.extractValue((Output<?>) v)));
      registered.forEach(r -> urns.add(PulumiTest.extractValue(r.urn())));
    }
    return new ProgramRun(stack, mocks.resources(), outputs, result, List.copyOf(urns), options);
  }

  /** Every resource of a type token, e.g. {@code aws:lambda/function:Function}. */
  List<Recorded> all(String type) {
    return resources.stream().filter(r -> r.type().equals(type)).toList();
  }

  /** The one resource of a type; fails if there are none or several. */
  Recorded one(String type) {
    List<Recorded> all = all(type);
    if (all.size() != 1) {
      throw new AssertionError(
          "[" + stack + "] expected one " + type + " but found " + all.size() + ": " + all);
    }
    return all.get(0);
  }

  /**
   * A repository with a tiny handler jar that matches its classes: the program's tests do not
   * depend on the handler being built (the real jar is checked by HandlerArtifactTests).
   */
  static synchronized Path fakeRepository() {
    if (fakeRoot != null) {
      return fakeRoot;
    }
    try {
      Path root = Files.createTempDirectory("infra-test");
      Path classes = Files.createDirectories(root.resolve("handler/target/classes/x"));
      byte[] bytes = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE};
      Files.write(classes.resolve("Handler.class"), bytes);
      try (OutputStream out =
              Files.newOutputStream(root.resolve("handler/target/handler-lambda.jar"));
          ZipOutputStream zip = new ZipOutputStream(out)) {
        zip.putNextEntry(new ZipEntry("x/Handler.class"));
        zip.write(bytes);
        zip.closeEntry();
      }
      fakeRoot = root;
      return root;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
