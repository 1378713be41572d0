package com.example.users.dynalite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Finds Node.js and npm, and says what to install when they are missing or too old. */
final class NodeRuntime {

  /** dynalite 4 and its LevelDB binding need Node.js 20 or newer. */
  static final int MINIMUM_MAJOR = 20;

  static final String INSTALL_HINT =
      "Local mode and the tests run the DynamoDB engine dynalite on Node.js: install Node.js "
          + MINIMUM_MAJOR
          + " or newer, with npm, and make sure `node` and `npm` are on the PATH.";

  private NodeRuntime() {}

  static String nodeExecutable() {
    return System.getProperty("dynalite.node", "node");
  }

  static String npmExecutable() {
    String npm = System.getProperty("dynalite.npm");
    if (npm != null) {
      return npm;
    }
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win")
        ? "npm.cmd"
        : "npm";
  }

  /**
   * Checks {@code node --version}.
   *
   * @throws IllegalStateException naming what to install, when Node.js is missing or too old
   */
  static void requireSupportedVersion() {
    String version;
    try {
      Process node =
          new ProcessBuilder(nodeExecutable(), "--version").redirectErrorStream(true).start();
      try (InputStream out = node.getInputStream()) {
        version = new String(out.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
      if (!node.waitFor(30, TimeUnit.SECONDS) || node.exitValue() != 0) {
        throw new IllegalStateException(
            "`node --version` failed (" + version + "). " + INSTALL_HINT);
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "Node.js was not found (" + nodeExecutable() + "). " + INSTALL_HINT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking the Node.js version", e);
    }
    if (major(version) < MINIMUM_MAJOR) {
      throw new IllegalStateException(
          "Found Node.js " + version + ", which is too old. " + INSTALL_HINT);
    }
  }

  /** The major version of a {@code node --version} answer such as {@code v20.20.2}; 0 if none. */
  static int major(String version) {
    String v = version.startsWith("v") ? version.substring(1) : version;
    int dot = v.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
