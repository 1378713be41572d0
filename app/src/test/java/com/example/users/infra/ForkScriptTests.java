package com.example.users.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.infra.settings.ApiAuth;
import com.example.users.infra.settings.StackSettings;
import com.example.users.toolchain.Policies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code scripts/fork.sh}, run on a copy of the working tree (tracked and new files, no build
 * output): no trace of the current package or name is left, every module's sources moved to the new
 * package, the stack files name the new project, account and auth mode, and the copy still compiles
 * (offline, with the local Maven repository). The current names are read, not assumed, so the test
 * holds in a fork too (the script renames its own defaults with the rest).
 */
class ForkScriptTests {

  /** The package and name the repository has now ({@code com.example.users} in the template). */
  private static final String OLD_PACKAGE =
      App.class.getPackageName().replaceFirst("\\.infra$", "");

  private static final String OLD_NAME = StackFiles.PROJECT.replaceFirst("-backend$", "");

  /** The template's placeholder account id, which the script replaces in the stack files. */
  private static final String PLACEHOLDER_ACCOUNT = "111111111111";

  private static final String PACKAGE = "org.forked.service";
  private static final String NEW_PATH = "org/forked/service";
  private static final String NAME = "forked-service";
  private static final String ACCOUNT = "123456789012";
  private static final String ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/pool";

  /** The modules with Java sources, each of which must have moved. */
  private static final List<String> MODULES =
      List.of("app", "handler", "toolchain", "dev/local", "dev/dynalite", "dev/benchmark");

  private static Path work;
  private static Path copy;
  private static Result fork;

  /** The stack files before the fork: file name → config. */
  private static final Map<String, Map<String, Object>> BEFORE = new LinkedHashMap<>();

  record Result(int exitCode, String output) {}

  @BeforeAll
  static void forkACopy() throws Exception {
    work = Files.createTempDirectory("fork");
    copy = Files.createDirectory(work.resolve("copy"));
    Result copied =
        run(
            StackFiles.root(),
            "bash",
            "-c",
            "git ls-files -z --cached --others --exclude-standard"
                + " | tar --null -T - -cf - | tar -xf - -C \"$0\"",
            copy.toString());
    assertThat(copied.exitCode()).as(copied.output()).isZero();
    for (String stack : StackFiles.names(copy)) {
      String file = "Pulumi." + stack + ".yaml";
      BEFORE.put(file, config(copy.resolve(file)));
    }
    fork =
        run(
            copy,
            "bash",
            "scripts/fork.sh",
            "--package",
            PACKAGE,
            "--name",
            NAME,
            "--account",
            ACCOUNT,
            "--auth",
            "jwt",
            "--jwt-issuer",
            ISSUER,
            "--jwt-audience",
            "web-client");
  }

  @AfterAll
  static void removeTheCopy() throws IOException {
    if (work != null) {
      try (Stream<Path> files = Files.walk(work)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }

  @Test
  void fork_shouldSayWhatItChanged() {
    assertThat(fork.exitCode()).as(fork.output()).isZero();
    assertThat(fork.output())
        .contains("Java package: " + OLD_PACKAGE + " -> " + PACKAGE)
        .contains(
            "  moved handler/src/main/java/"
                + OLD_PACKAGE.replace('.', '/')
                + " -> handler/src/main/java/"
                + NEW_PATH)
        .contains(
            "Name (Pulumi projects forked-service-backend and forked-service-toolchain,"
                + " resource name prefix forked-service):")
        .contains(
            "AWS account id " + PLACEHOLDER_ACCOUNT + " -> " + ACCOUNT + " in the stack files:")
        .contains("apiAuth: jwt in the stack files that set protectData: true:")
        .contains("  Pulumi.yaml", "  pom.xml", "  scripts/fork.sh");
  }

  @Test
  void fork_shouldLeaveNoTraceOfTheTemplatesPackageOrName() throws IOException {
    assertThat(fork.exitCode()).as(fork.output()).isZero();
    List<String> left = new ArrayList<>();
    try (Stream<Path> files = Files.walk(copy)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.indexOf('\0') >= 0) {
          continue; // images
        }
        for (String old : List.of(OLD_PACKAGE, OLD_PACKAGE.replace('.', '/'), OLD_NAME)) {
          if (text.contains(old)) {
            left.add(copy.relativize(file) + ": " + old);
          }
        }
      }
    }
    assertThat(left).as("files still naming the template").isEmpty();
  }

  @Test
  void fork_shouldMoveEveryModulesSources_mainAndTest() throws IOException {
    assertThat(fork.exitCode()).as(fork.output()).isZero();
    for (String module : MODULES) {
      for (String set : List.of("main", "test")) {
        assertThat(copy.resolve(module + "/src/" + set + "/java/" + NEW_PATH))
            .as(module + " " + set)
            .isDirectory();
      }
    }
    assertThat(copy.resolve("app/src/main/java/" + NEW_PATH + "/infra/App.java")).isRegularFile();
    assertThat(copy.resolve("dev/local/src/main/resources/" + NEW_PATH)).isDirectory();
    // The old package's directories are gone, with the parents the move emptied.
    String oldTop = OLD_PACKAGE.substring(0, OLD_PACKAGE.indexOf('.'));
    try (Stream<Path> dirs = Files.walk(copy)) {
      assertThat(dirs.filter(Files::isDirectory).map(d -> copy.relativize(d).toString()))
          .as("directories of the old package")
          .noneMatch(d -> d.contains("/java/" + oldTop) || d.contains("/resources/" + oldTop));
    }
    assertThat(Files.readString(copy.resolve("app/pom.xml")))
        .contains("<groupId>" + PACKAGE + "</groupId>")
        .contains("<mainClass>" + PACKAGE + ".infra.App</mainClass>")
        .contains("<artifactId>forked-service-backend</artifactId>");
  }

  @Test
  void fork_shouldNameTheProjects_andFillInTheAccountAndAuth() throws IOException {
    assertThat(fork.exitCode()).as(fork.output()).isZero();
    assertThat(yaml(copy.resolve("Pulumi.yaml"))).containsEntry("name", NAME + "-backend");
    assertThat(yaml(copy.resolve("toolchain/Pulumi.yaml")))
        .containsEntry("name", NAME + "-toolchain");
    assertThat(Files.readString(copy.resolve(toolchainSettings())))
        .contains("DEFAULT_RESOURCE_NAME_PREFIX = \"" + NAME + "\"");

    String namespace = NAME + "-backend:";
    String oldNamespace = StackFiles.PROJECT + ":";
    assertThat(BEFORE).isNotEmpty();
    for (Map.Entry<String, Map<String, Object>> stack : BEFORE.entrySet()) {
      String file = stack.getKey();
      Map<String, Object> before = stack.getValue();
      Map<String, Object> after = config(copy.resolve(file));
      assertThat(after.keySet())
          .as(file)
          .allSatisfy(k -> assertThat(k).matches("(aws|" + namespace + ")[:A-Za-z]+"));
      assertThat(Files.readString(copy.resolve(file))).as(file).doesNotContain("REPLACE");
      // The placeholder account becomes the fork's, and so does the boundary's (renamed too).
      Object accounts = before.get("aws:allowedAccountIds");
      assertThat(after.get("aws:allowedAccountIds"))
          .as(file)
          .isEqualTo(
              accounts instanceof List<?> list
                  ? list.stream().map(a -> a.equals(PLACEHOLDER_ACCOUNT) ? ACCOUNT : a).toList()
                  : accounts);
      Object boundary = before.get(oldNamespace + "permissionsBoundaryArn");
      if (boundary != null) {
        assertThat(after.get(namespace + "permissionsBoundaryArn"))
            .as(file)
            .isEqualTo(
                boundary.toString().replace(PLACEHOLDER_ACCOUNT, ACCOUNT).replace(OLD_NAME, NAME));
        assertThat((String) after.get(namespace + "permissionsBoundaryArn"))
            .as(file)
            .endsWith(":policy/" + Policies.boundaryPolicyName(NAME));
      }
      // --auth jwt applies to the stacks that protect data; the others keep their auth.
      StackSettings settings = settings(after, namespace);
      if (settings.protectData()) {
        assertThat(settings.apiAuth()).as(file).isEqualTo(ApiAuth.JWT);
        assertThat(settings.jwtIssuer()).as(file).contains(ISSUER);
        assertThat(settings.jwtAudience()).as(file).containsExactly("web-client");
      } else {
        assertThat(settings.apiAuth().settingValue())
            .as(file)
            .isEqualTo(before.getOrDefault(oldNamespace + "apiAuth", "iam"));
      }
    }
    assertThat(BEFORE.values())
        .as("a stack that protects data, for --auth to change")
        .anySatisfy(c -> assertThat(c).containsEntry(oldNamespace + "protectData", true));
  }

  @Test
  void fork_shouldRefuseBadInput_beforeChangingAnything() throws Exception {
    assertThat(fork.exitCode()).as(fork.output()).isZero();
    Result badPackage =
        run(
            copy,
            "bash",
            "scripts/fork.sh",
            "--package",
            "Com.Acme",
            "--name",
            "x-y-z",
            "--account",
            ACCOUNT);
    assertThat(badPackage.exitCode()).isNotZero();
    assertThat(badPackage.output()).contains("--package 'Com.Acme': a Java package");
    Result jwtWithoutIssuer =
        run(
            copy,
            "bash",
            "scripts/fork.sh",
            "--package",
            "org.other.users",
            "--name",
            "other",
            "--account",
            ACCOUNT,
            "--auth",
            "jwt");
    assertThat(jwtWithoutIssuer.exitCode()).isNotZero();
    assertThat(jwtWithoutIssuer.output()).contains("--auth jwt needs --jwt-issuer");
    assertThat(copy.resolve("handler/src/main/java/" + NEW_PATH)).isDirectory();
  }

  @Test
  void forkedCopy_shouldCompile() throws Exception {
    assertThat(fork.exitCode()).as(fork.output()).isZero();
    Result compiled =
        run(
            copy,
            "./mvnw",
            "-B",
            "-ntp",
            "-o",
            "-q",
            "-pl",
            "handler,app",
            "-am",
            "compile",
            "-Dspotless.check.skip=true",
            "-Denforcer.skip=true");
    assertThat(compiled.exitCode()).as(compiled.output()).isZero();
    assertThat(copy.resolve("app/target/classes/" + NEW_PATH + "/infra/App.class")).isRegularFile();
  }

  private static Path toolchainSettings() {
    return Path.of("toolchain/src/main/java/" + NEW_PATH + "/toolchain/ToolchainSettings.java");
  }

  private static Map<String, Object> yaml(Path file) throws IOException {
    return new Yaml().load(Files.readString(file));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> config(Path stackFile) throws IOException {
    return (Map<String, Object>) yaml(stackFile).get("config");
  }

  /** The settings a stack file gives, over the forked project's defaults. */
  @SuppressWarnings("unchecked")
  private static StackSettings settings(Map<String, Object> stackConfig, String namespace)
      throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    ((Map<String, Map<String, Object>>) yaml(copy.resolve("Pulumi.yaml")).get("config"))
        .forEach((k, spec) -> values.put(namespace + k, String.valueOf(spec.get("default"))));
    stackConfig.forEach(
        (k, v) ->
            values.put(
                k,
                v instanceof List<?> list
                    ? "[\""
                        + String.join("\",\"", list.stream().map(String::valueOf).toList())
                        + "\"]"
                    : String.valueOf(v)));
    return StackSettings.parse(
        k -> Optional.ofNullable(values.get(namespace + k)),
        k -> Optional.ofNullable(values.get("aws:" + k)));
  }

  private static Result run(Path dir, String... command) throws Exception {
    Path log = Files.createTempFile(work, "run", ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean finished = p.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      p.destroyForcibly();
    }
    String output = Files.readString(log);
    return new Result(finished ? p.exitValue() : -1, output);
  }
}
