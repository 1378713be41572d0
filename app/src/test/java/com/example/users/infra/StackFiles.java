package com.example.users.infra;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;

/**
 * The real {@code Pulumi.yaml} and {@code Pulumi.<stack>.yaml} files, read the way the CLI merges
 * them: project defaults first, then the stack's values.
 */
public final class StackFiles {

  /** The project name, the namespace of the project's settings. */
  public static final String PROJECT = "user-management-backend";

  /** The stacks the repository ships. */
  public static final List<String> STACKS = List.of("sandbox", "production");

  private StackFiles() {}

  /** The repository root (tests run in {@code app/}). */
  public static Path root() {
    return App.repositoryRoot(Path.of("").toAbsolutePath());
  }

  /** {@code Pulumi.yaml}, parsed. */
  public static Map<String, Object> project() {
    return load(root().resolve("Pulumi.yaml"));
  }

  /** The project's {@code config:} block: key → {type, default, description}. */
  @SuppressWarnings("unchecked")
  public static Map<String, Map<String, Object>> declared() {
    return (Map<String, Map<String, Object>>) project().get("config");
  }

  /** The {@code config:} block of {@code Pulumi.<stack>.yaml}, keys as written. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> stackValues(String stack) {
    Object config = load(root().resolve("Pulumi." + stack + ".yaml")).get("config");
    return config == null ? Map.of() : (Map<String, Object>) config;
  }

  /**
   * The configuration the CLI would pass to the program: {@code namespace:key} → string (lists as
   * JSON), project defaults overlaid with the stack's values.
   */
  public static Map<String, String> effectiveConfig(String stack) {
    Map<String, String> config = new LinkedHashMap<>();
    declared()
        .forEach(
            (key, spec) ->
                Optional.ofNullable(spec.get("default"))
                    .ifPresent(v -> config.put(PROJECT + ":" + key, text(v))));
    stackValues(stack).forEach((key, value) -> config.put(key, text(value)));
    return config;
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
