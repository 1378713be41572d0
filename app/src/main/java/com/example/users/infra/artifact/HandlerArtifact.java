package com.example.users.infra.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The Lambda deployment jar built by the {@code handler} module, checked for freshness before it is
 * deployed.
 *
 * <p>The Pulumi CLI runs {@code ./mvnw compile exec:java}, whose reactor rebuilds the jar first;
 * but a program started any other way (an IDE, {@code -pl app}) could find a jar left over from
 * older sources. Deploying that silently would be the worst kind of bug, so the jar must contain
 * every class of {@code handler/target/classes} with identical bytes, and no class of the handler's
 * own packages that the compiler no longer produces.
 */
public final class HandlerArtifact {

  /** The jar, relative to the repository root. */
  public static final String JAR = "handler/target/handler-lambda.jar";

  /** The handler's compiled classes, relative to the repository root. */
  public static final String CLASSES = "handler/target/classes";

  /** What to run when the jar is missing or stale. */
  public static final String REBUILD_COMMAND = "./mvnw -pl handler -am compile";

  private HandlerArtifact() {}

  /**
   * Returns the jar's path once it is known to match the compiled classes.
   *
   * @param repositoryRoot the directory holding {@code Pulumi.yaml}
   * @throws StaleArtifactException if the jar is missing or does not match the classes
   */
  public static Path verified(Path repositoryRoot) {
    Path jar = repositoryRoot.resolve(JAR);
    Path classes = repositoryRoot.resolve(CLASSES);
    if (!Files.isRegularFile(jar)) {
      throw new StaleArtifactException(jar + " does not exist. Run `" + REBUILD_COMMAND + "`.");
    }
    List<Path> classFiles = classFiles(classes);
    if (classFiles.isEmpty()) {
      throw new StaleArtifactException(
          classes + " holds no compiled classes. Run `" + REBUILD_COMMAND + "`.");
    }
    List<String> problems = new ArrayList<>();
    Set<String> ownPackages = new HashSet<>();
    Set<String> ownClasses = new HashSet<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (Path file : classFiles) {
        String name = classes.relativize(file).toString().replace('\\', '/');
        ownClasses.add(name);
        ownPackages.add(name.substring(0, name.lastIndexOf('/') + 1));
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
          problems.add(name + " is missing from the jar");
        } else if (!sameBytes(zip, entry, file)) {
          problems.add(name + " differs between the jar and " + CLASSES);
        }
      }
      zip.stream()
          .map(ZipEntry::getName)
          .filter(n -> n.endsWith(".class") && !ownClasses.contains(n))
          .filter(n -> ownPackages.contains(n.substring(0, n.lastIndexOf('/') + 1)))
          .forEach(n -> problems.add(n + " is in the jar but no longer compiled"));
    } catch (IOException e) {
      throw new StaleArtifactException(
          jar + " cannot be read (" + e.getMessage() + "). Run `" + REBUILD_COMMAND + "`.");
    }
    if (!problems.isEmpty()) {
      throw new StaleArtifactException(
          jar
              + " is stale: it does not match "
              + classes
              + " ("
              + problems.size()
              + " difference(s), first: "
              + problems.get(0)
              + "). Run `"
              + REBUILD_COMMAND
              + "` and try again.");
    }
    return jar;
  }

  private static List<Path> classFiles(Path classes) {
    if (!Files.isDirectory(classes)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(classes)) {
      return walk.filter(p -> p.toString().endsWith(".class")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean sameBytes(ZipFile zip, ZipEntry entry, Path file) throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      return Arrays.equals(in.readAllBytes(), Files.readAllBytes(file));
    }
  }

  /** The deployment jar is missing or was not built from the current classes. */
  public static final class StaleArtifactException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    StaleArtifactException(String message) {
      super(message);
    }
  }
}
