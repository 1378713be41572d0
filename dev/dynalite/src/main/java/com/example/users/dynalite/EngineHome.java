package com.example.users.dynalite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The directory that holds the engine: this module's {@code package.json}, its {@code
 * package-lock.json}, the launcher script and, once installed, {@code node_modules}.
 *
 * <p>It is found from where this class was loaded (the module's {@code target/classes}, or a copy
 * of its jar anywhere under the checkout, such as {@code local/target/lib}), so no path is recorded
 * at build time and a checkout works wherever it lives. The system property {@value #PROPERTY}
 * overrides the search.
 */
public final class EngineHome {

  /** System property naming the engine directory explicitly. */
  public static final String PROPERTY = "dynalite.home";

  static final String MODULE_DIRECTORY = "dev/dynalite";
  static final String LAUNCHER = "src/main/node/launcher.cjs";
  private static final String LOCKFILE = "package-lock.json";
  private static final String MARKER = "node_modules/.installed-from-lockfile.sha256";
  private static final long INSTALL_TIMEOUT_MINUTES = 10;

  private final Path directory;

  private EngineHome(Path directory) {
    this.directory = directory;
  }

  /** The engine directory, found as the class comment says. */
  public static EngineHome locate() {
    String explicit = System.getProperty(PROPERTY);
    if (explicit != null && !explicit.isBlank()) {
      Path dir = Path.of(explicit).toAbsolutePath();
      if (!isHome(dir)) {
        throw new IllegalStateException(
            "-D"
                + PROPERTY
                + "="
                + explicit
                + " is not the dynalite module directory (no "
                + LAUNCHER
                + " there).");
      }
      return new EngineHome(dir);
    }
    List<Path> starts = new java.util.ArrayList<>();
    codeSource().ifPresent(starts::add);
    starts.add(Path.of("").toAbsolutePath());
    for (Path start : starts) {
      for (Path dir = start; dir != null; dir = dir.getParent()) {
        if (isHome(dir)) {
          return new EngineHome(dir);
        }
        if (isHome(dir.resolve(MODULE_DIRECTORY))) {
          return new EngineHome(dir.resolve(MODULE_DIRECTORY));
        }
      }
    }
    throw new IllegalStateException(
        "Cannot find the dynalite engine: run from a checkout of this repository (looked upward from "
            + starts
            + " for "
            + MODULE_DIRECTORY
            + "/"
            + LAUNCHER
            + "), or set -D"
            + PROPERTY
            + "=<checkout>/"
            + MODULE_DIRECTORY
            + ".");
  }

  static EngineHome at(Path directory) {
    return new EngineHome(directory.toAbsolutePath());
  }

  private static boolean isHome(Path dir) {
    return Files.isRegularFile(dir.resolve(LAUNCHER)) && Files.isRegularFile(dir.resolve(LOCKFILE));
  }

  private static Optional<Path> codeSource() {
    try {
      var source = EngineHome.class.getProtectionDomain().getCodeSource();
      return source == null
          ? Optional.empty()
          : Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath());
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The module directory. */
  public Path directory() {
    return directory;
  }

  Path launcher() {
    return directory.resolve(LAUNCHER);
  }

  /** True when {@code node_modules} holds exactly what the committed lockfile pins. */
  public boolean isInstalled() {
    Path marker = directory.resolve(MARKER);
    try {
      return Files.isRegularFile(directory.resolve("node_modules/dynalite/package.json"))
          && Files.isRegularFile(marker)
          && Files.readString(marker, StandardCharsets.UTF_8).trim().equals(lockfileDigest());
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Installs the pinned engine with {@code npm ci} unless it is installed already. Concurrent
   * callers (two builds, or a build and a test run) wait for each other on a file lock.
   *
   * @throws IllegalStateException with what to do, if Node.js or npm is missing or too old, or the
   *     install fails
   */
  public void ensureInstalled() {
    if (isInstalled()) {
      return;
    }
    try (FileChannel channel =
        FileChannel.open(
            directory.resolve(".install.lock"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE)) {
      FileLock lock = channel.lock();
      try {
        if (!isInstalled()) {
          install();
        }
      } finally {
        lock.release();
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot install the dynalite engine in " + directory + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while installing the dynalite engine", e);
    }
  }

  private void install() throws IOException, InterruptedException {
    NodeRuntime.requireSupportedVersion();
    List<String> command =
        List.of(
            NodeRuntime.npmExecutable(),
            "ci",
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            "--loglevel=error");
    Process npm =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .start();
    if (!npm.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      npm.destroyForcibly();
      throw new IllegalStateException(
          "npm ci in " + directory + " did not finish in " + INSTALL_TIMEOUT_MINUTES + " min.");
    }
    if (npm.exitValue() != 0) {
      throw new IllegalStateException(
          "npm ci in "
              + directory
              + " failed (exit "
              + npm.exitValue()
              + "); see its output above.");
    }
    Files.writeString(directory.resolve(MARKER), lockfileDigest() + "\n", StandardCharsets.UTF_8);
  }

  private String lockfileDigest() throws IOException {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(Files.readAllBytes(directory.resolve(LOCKFILE)));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new UncheckedIOException(new IOException("SHA-256 is not available", e));
    }
  }

  /**
   * Installs the engine: the build runs this after compiling the module (exec:java in {@code
   * process-classes}, a phase the Pulumi CLI's {@code mvn compile} never reaches).
   *
   * @param args ignored; the directory is found as {@link #locate()} does
   */
  public static void main(String[] args) {
    locate().ensureInstalled();
  }
}
