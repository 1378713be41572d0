package com.example.users.infra.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.example.users.infra.StackFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The program deploys only a jar built from the current classes. */
class HandlerArtifactTests {

  @TempDir Path root;

  private void classes(Map<String, byte[]> files) throws IOException {
    for (var e : files.entrySet()) {
      Path file = root.resolve(HandlerArtifact.CLASSES).resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, e.getValue());
    }
  }

  private void jar(Map<String, byte[]> entries) throws IOException {
    Path jar = root.resolve(HandlerArtifact.JAR);
    Files.createDirectories(jar.getParent());
    try (OutputStream out = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (var e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
  }

  private static final byte[] V1 = {1, 2, 3};
  private static final byte[] V2 = {1, 2, 4};

  @Test
  void verified_returnsTheJar_whenItMatchesTheClasses() throws IOException {
    classes(Map.of("a/A.class", V1));
    jar(Map.of("a/A.class", V1, "lib/L.class", V2));
    assertThat(HandlerArtifact.verified(root)).isEqualTo(root.resolve(HandlerArtifact.JAR));
  }

  @Test
  void verified_fails_whenTheJarIsMissing() throws IOException {
    classes(Map.of("a/A.class", V1));
    assertThatThrownBy(() -> HandlerArtifact.verified(root))
        .hasMessageContaining("does not exist")
        .hasMessageContaining("./mvnw -pl handler -am compile");
  }

  @Test
  void verified_fails_whenAClassChanged() throws IOException {
    classes(Map.of("a/A.class", V2));
    jar(Map.of("a/A.class", V1));
    assertThatThrownBy(() -> HandlerArtifact.verified(root))
        .isInstanceOf(HandlerArtifact.StaleArtifactException.class)
        .hasMessageContaining("a/A.class differs")
        .hasMessageContaining("./mvnw -pl handler -am compile");
  }

  @Test
  void verified_fails_whenAClassIsNew() throws IOException {
    classes(Map.of("a/A.class", V1, "a/B.class", V1));
    jar(Map.of("a/A.class", V1));
    assertThatThrownBy(() -> HandlerArtifact.verified(root))
        .hasMessageContaining("a/B.class is missing from the jar");
  }

  @Test
  void verified_fails_whenAClassWasDeleted() throws IOException {
    classes(Map.of("a/A.class", V1));
    jar(Map.of("a/A.class", V1, "a/Gone.class", V1));
    assertThatThrownBy(() -> HandlerArtifact.verified(root))
        .hasMessageContaining("a/Gone.class is in the jar but no longer compiled");
  }

  @Test
  void verified_fails_whenNothingWasCompiled() {
    assertThatThrownBy(() -> HandlerArtifact.verified(root))
        .hasMessageContaining("./mvnw -pl handler -am compile");
  }

  /**
   * The real jar, as the reactor built it before this module's tests: fresh, and with the fixed
   * timestamps that make two builds byte-identical (scripts/check-reproducible-jar.sh compares the
   * sha256 of two clean builds).
   */
  @Test
  void realJar_isFresh_andHasReproducibleTimestamps() throws IOException {
    Path repo = StackFiles.root();
    assumeTrue(
        Files.isDirectory(repo.resolve(HandlerArtifact.CLASSES)),
        "handler not compiled in this build");
    Path jar = HandlerArtifact.verified(repo);
    FileTime fixed = FileTime.from(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      assertThat(zip.stream().toList())
          .isNotEmpty()
          .allSatisfy(
              e ->
                  assertThat(e.getLastModifiedTime().toMillis())
                      .as(e.getName())
                      .isBetween(fixed.toMillis() - 86_400_000L, fixed.toMillis() + 86_400_000L));
      assertThat(zip.getEntry("com/example/users/priming/SnapStartHandler.class")).isNotNull();
    }
  }
}
