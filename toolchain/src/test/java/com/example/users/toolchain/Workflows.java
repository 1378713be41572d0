package com.example.users.toolchain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The repository's workflow files, found through the {@code workflows.dir} system property. */
final class Workflows {

  private Workflows() {}

  static Path dir() {
    String dir = System.getProperty("workflows.dir", "../.github/workflows");
    return Path.of(dir).toAbsolutePath().normalize();
  }

  static List<Path> files() {
    try (Stream<Path> files = Files.list(dir())) {
      return files.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses with snakeyaml's safe constructor (no arbitrary types). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(Path file) {
    return (Map<String, Object>)
        new Yaml(new SafeConstructor(new LoaderOptions())).load(text(file));
  }

  /**
   * The {@code on:} section. YAML 1.1 (snakeyaml) reads the bare key {@code on} as the boolean
   * {@code true}; accept either.
   */
  static Object triggers(Map<String, Object> workflow) {
    return workflow.containsKey("on") ? workflow.get("on") : workflow.get(Boolean.TRUE);
  }
}
