package com.example.users.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the deployment jar ({@code target/handler-lambda.jar}, assembled in the compile phase) must
 * and must not contain. The Pulumi program relies on two of these facts: the function sets {@code
 * AWS_LAMBDA_DISABLE_CVE_2021_44228_PROTECTION=true}, which is safe only without Log4j, and the
 * SDK's HTTP client is chosen explicitly, which is cheap only with one client on the class path.
 */
class LambdaJarTests {

  /** The function's configured handler (app's {@code ApiFunction.HANDLER} names the same class). */
  private static final String ENTRY_POINT = "com/example/users/priming/SnapStartHandler";

  private static final String PROJECT = "com/example/users/";
  private static final Pattern CLASS_NAME = Pattern.compile("com/example/users/[A-Za-z0-9_/$]+");

  private static List<String> entries;
  private static Path jar;

  @BeforeAll
  static void readJar() throws IOException {
    jar = Path.of("target", "handler-lambda.jar");
    assertThat(jar).as("built by `./mvnw compile` in the handler module").isRegularFile();
    try (JarFile file = new JarFile(jar.toFile())) {
      entries = file.stream().map(ZipEntry::getName).toList();
    }
  }

  @Test
  void containsTheHandlerEntryPoint() {
    assertThat(entries).contains(ENTRY_POINT + ".class", "com/example/users/http/ApiHandler.class");
  }

  /**
   * The Lambda jar holds only what Lambda runs: every class of this project in it is reachable from
   * the configured handler through the classes it references. A class only local mode, the tests or
   * the benchmark use belongs in their modules (or in this module's test sources), not here.
   */
  @Test
  void containsOnlyProjectClassesTheEntryPointReaches() throws IOException {
    List<String> ours =
        entries.stream()
            .filter(e -> e.startsWith(PROJECT) && e.endsWith(".class"))
            .filter(e -> !e.endsWith("/package-info.class")) // package documentation only
            .toList();
    Set<String> reached = new TreeSet<>();
    Deque<String> toVisit = new ArrayDeque<>(List.of(ENTRY_POINT));
    try (JarFile file = new JarFile(jar.toFile())) {
      while (!toVisit.isEmpty()) {
        String name = toVisit.pop();
        ZipEntry entry = file.getEntry(name + ".class");
        if (entry == null || !reached.add(name + ".class")) {
          continue;
        }
        try (InputStream in = file.getInputStream(entry)) {
          // Class names appear in a class file's constant pool as UTF-8 text, in internal form.
          Matcher m =
              CLASS_NAME.matcher(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
          while (m.find()) {
            toVisit.push(m.group());
          }
        }
      }
    }
    assertThat(ours)
        .as(
            "classes in the Lambda jar that %s never reaches: move them out of handler/src/main",
            ENTRY_POINT)
        .containsExactlyInAnyOrderElementsOf(reached);
  }

  @Test
  void containsNoLog4j_soTheRuntimesLog4ShellPatchCanBeSkipped() {
    assertThat(entries)
        .noneMatch(e -> e.startsWith("org/apache/logging/log4j/"))
        .noneMatch(e -> e.startsWith("org/apache/log4j/"));
  }

  @Test
  void containsOnlyTheApache5HttpClient() throws IOException {
    assertThat(entries)
        .noneMatch(e -> e.startsWith("io/netty/"))
        .noneMatch(e -> e.startsWith("org/apache/http/"))
        .noneMatch(e -> e.startsWith("software/amazon/awssdk/http/apache/"))
        .noneMatch(e -> e.startsWith("software/amazon/awssdk/http/urlconnection/"))
        .noneMatch(e -> e.startsWith("software/amazon/awssdk/http/nio/"))
        .noneMatch(e -> e.startsWith("software/amazon/awssdk/http/crt/"))
        .anyMatch(e -> e.startsWith("org/apache/hc/client5/http/impl/classic/"));
    assertThat(services("software.amazon.awssdk.http.SdkHttpService"))
        .containsExactly("software.amazon.awssdk.http.apache5.Apache5SdkHttpService");
  }

  @Test
  void bindsSlf4jToNoOp_soColdStartsPrintNoProviderWarning() throws IOException {
    assertThat(services("org.slf4j.spi.SLF4JServiceProvider"))
        .containsExactly("org.slf4j.nop.NOPServiceProvider");
  }

  /** The provider names a {@code META-INF/services} file lists, without comments. */
  private static List<String> services(String service) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      ZipEntry entry = file.getEntry("META-INF/services/" + service);
      assertThat(entry).as("META-INF/services/" + service).isNotNull();
      try (InputStream in = file.getInputStream(entry)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8)
            .lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
      }
    }
  }

  @Test
  void jarIsUnderTheNineMegabyteBudget() throws IOException {
    assertThat(Files.size(jar)).isLessThanOrEqualTo(9_000_000L);
  }
}
