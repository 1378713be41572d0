package com.example.users.infra;

import com.example.users.infra.settings.StackSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.yaml.snakeyaml.Yaml;

/**
 * The real {@code Pulumi.yaml} and {@code Pulumi.<stack>.yaml} files, read the way the CLI merges
 * them: project defaults first, then the stack's values.
 */
public final class StackFiles {

  /** The project name, the namespace of the project's settings. */
  public static final String PROJECT = "user-management-backend";

  /** A stack file's name: {@code Pulumi.<stack>.yaml}, as the Pulumi CLI names them. */
  private static final Pattern STACK_FILE = Pattern.compile("Pulumi\\.([^.]+)\\.yaml");

  private StackFiles() {}

  /** The repository root (tests run in {@code app/}). */
  public static Path root() {
    return App.repositoryRoot(Path.of("").toAbsolutePath());
  }

  /**
   * Every stack the repository defines: the {@code <stack>} of each {@code Pulumi.<stack>.yaml} at
   * its root, sorted. The tests of every stack take their stacks from here ({@link EveryStack}), so
   * a new stack file is run under the mocks and the security rules the moment it exists.
   */
  public static List<String> names() {
    return names(root());
  }

  /** {@link #names()} as test arguments, each displayed as its name (unquoted). */
  static Stream<Named<String>> namedStacks() {
    return names().stream().map(n -> Named.of(n, n));
  }

  /** The stacks of the repository at {@code root}, sorted; fails if there is none. */
  public static List<String> names(Path root) {
    try (Stream<Path> files = Files.list(root)) {
      List<String> names =
          files
              .map(f -> STACK_FILE.matcher(f.getFileName().toString()))
              .filter(Matcher::matches)
              .map(m -> m.group(1))
              .sorted()
              .toList();
      if (names.isEmpty()) {
        throw new IllegalStateException("no Pulumi.<stack>.yaml in " + root);
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }

  /** {@code Pulumi.yaml}, parsed. */
  public static Map<String, Object> project() {
    return load(root().resolve("Pulumi.yaml"));
  }

  /** The project's {@code config:} block: key → {type, default, description}. */
  public static Map<String, Map<String, Object>> declared() {
    return declared(root());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> declared(Path root) {
    return (Map<String, Map<String, Object>>) load(root.resolve("Pulumi.yaml")).get("config");
  }

  /** The {@code config:} block of {@code Pulumi.<stack>.yaml}, keys as written. */
  public static Map<String, Object> stackValues(String stack) {
    return stackValues(root(), stack);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stackValues(Path root, String stack) {
    Object config = load(root.resolve("Pulumi." + stack + ".yaml")).get("config");
    return config == null ? Map.of() : (Map<String, Object>) config;
  }

  /**
   * The configuration the CLI would pass to the program: {@code namespace:key} → string (lists as
   * JSON), project defaults overlaid with the stack's values.
   */
  public static Map<String, String> effectiveConfig(String stack) {
    return effectiveConfig(root(), stack);
  }

  /** {@link #effectiveConfig(String)} of the repository at {@code root}. */
  public static Map<String, String> effectiveConfig(Path root, String stack) {
    Map<String, String> config = defaults(root);
    stackValues(root, stack).forEach((key, value) -> config.put(key, text(value)));
    return config;
  }

  /**
   * The configuration of a stack whose file sets nothing but its region: the project's defaults.
   * Tests that vary one setting start from here, not from a stack file a fork may change.
   */
  public static Map<String, String> defaults(String region) {
    Map<String, String> config = defaults(root());
    config.put("aws:region", region);
    return config;
  }

  private static Map<String, String> defaults(Path root) {
    Map<String, String> config = new LinkedHashMap<>();
    declared(root)
        .forEach(
            (key, spec) ->
                Optional.ofNullable(spec.get("default"))
                    .ifPresent(v -> config.put(PROJECT + ":" + key, text(v))));
    return config;
  }

  /** The validated settings of a stack, as the program reads them; a failure names the file. */
  public static StackSettings settings(String stack) {
    try {
      return settings(effectiveConfig(stack));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Pulumi." + stack + ".yaml: " + e.getMessage(), e);
    }
  }

  /** The validated settings of a configuration ({@code namespace:key} → value). */
  public static StackSettings settings(Map<String, String> config) {
    String prefix = PROJECT + ":";
    return StackSettings.parse(
        k -> Optional.ofNullable(config.get(prefix + k)),
        k -> Optional.ofNullable(config.get("aws:" + k)));
  }

  private static String text(Object value) {
    if (value instanceof List<?> list) {
      return "[" + String.join(",", list.stream().map(v -> "\"" + v + "\"").toList()) + "]";
    }
    return String.valueOf(value);
  }

  private static Map<String, Object> load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      Map<String, Object> map = new Yaml().load(in);
      return map == null ? Map.of() : map;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
