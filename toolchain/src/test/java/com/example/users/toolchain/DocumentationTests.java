package com.example.users.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and the pages under {@code docs/}: the README stays short enough to read in ten
 * minutes, names no single benchmark run, gives the test command {@code .ci/run} runs, and no
 * relative link in any of them points at nothing.
 */
class DocumentationTests {

  private static final Path REPO = Path.of("").toAbsolutePath().getParent();
  private static final int README_MAX_LINES = 250;

  /** {@code [text](target)}, not an image's or a link's inside inline code. */
  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");

  /** A clock time such as {@code 07:08}: figures of one run belong in docs/performance.md. */
  private static final Pattern CLOCK_TIME = Pattern.compile("\\b([01]\\d|2[0-3]):[0-5]\\d\\b");

  @Test
  void readme_shouldBeAtMost250Lines() throws IOException {
    List<String> lines = Files.readAllLines(REPO.resolve("README.md"));
    assertThat(lines.size())
        .as("README.md has %d lines; move details to a page under docs/", lines.size())
        .isLessThanOrEqualTo(README_MAX_LINES);
  }

  @Test
  void readme_shouldNameNoSingleRunByTheMinute() throws IOException {
    List<String> found = new ArrayList<>();
    List<String> lines = Files.readAllLines(REPO.resolve("README.md"));
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = CLOCK_TIME.matcher(lines.get(i));
      if (m.find()) {
        found.add("README.md:" + (i + 1) + ": " + lines.get(i).strip());
      }
    }
    assertThat(found)
        .as("figures of one run live in docs/performance.md, which the benchmark writes")
        .isEmpty();
  }

  @Test
  void ciRun_shouldRunTheReadmesTestCommand() throws IOException {
    String readme = Files.readString(REPO.resolve("README.md"));
    assertThat(readme)
        .contains("| Run the whole test suite and the quality gates | `./mvnw verify` |");
    assertThat(Files.readString(REPO.resolve(".ci/run"))).containsPattern("(?m)^\\./mvnw .*verify");
  }

  @Test
  void everyRelativeLink_inTheReadmeAndDocs_shouldResolve() throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(REPO.resolve("README.md"));
    try (Stream<Path> docs = Files.list(REPO.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path page : pages) {
      for (String target : relativeLinks(Files.readString(page))) {
        checked++;
        String problem = resolve(page, target);
        if (problem != null) {
          broken.add(REPO.relativize(page) + ": (" + target + ") " + problem);
        }
      }
    }
    assertThat(checked).as("links checked").isGreaterThan(10);
    assertThat(broken).as("relative links that point at nothing").isEmpty();
  }

  @Test
  void linkChecker_shouldReportAMissingFileAndAMissingHeading(
      @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Path page = dir.resolve("page.md");
    Files.writeString(dir.resolve("other.md"), "# Other page\n\n## The browser\n");
    Files.writeString(page, "x");
    assertThat(resolve(page, "other.md#the-browser")).isNull();
    assertThat(resolve(page, "other.md#nowhere")).contains("no heading");
    assertThat(resolve(page, "gone.md")).contains("no such file");
    assertThat(relativeLinks("[a](https://x.org) [b](b.md) `[c](c.md)`\n```\n[d](d.md)\n```\n"))
        .containsExactly("b.md");
  }

  /** The relative link targets of a Markdown text, outside code. */
  static List<String> relativeLinks(String markdown) {
    List<String> targets = new ArrayList<>();
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", ""));
      while (m.find()) {
        String target = m.group(1);
        if (!target.matches("^[a-z][a-z0-9+.-]*:.*")) {
          targets.add(target);
        }
      }
    }
    return targets;
  }

  /** Why {@code target}, linked from {@code page}, points at nothing; null when it resolves. */
  static String resolve(Path page, String target) throws IOException {
    int hash = target.indexOf('#');
    String file = hash < 0 ? target : target.substring(0, hash);
    Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
    if (!Files.exists(resolved)) {
      return "no such file";
    }
    if (hash < 0 || !resolved.toString().endsWith(".md")) {
      return null;
    }
    String anchor = target.substring(hash + 1);
    return headingSlugs(Files.readString(resolved)).contains(anchor)
        ? null
        : "no heading with the anchor #" + anchor;
  }

  /** GitHub's anchors for a page's headings: lower case, punctuation dropped, spaces to '-'. */
  static Set<String> headingSlugs(String markdown) {
    Set<String> slugs = new HashSet<>();
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
      } else if (!fenced && line.startsWith("#")) {
        String text = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT);
        slugs.add(text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
      }
    }
    return slugs;
  }
}
