package com.example.users.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTests {

  @Test
  void parse_shouldReadEveryOption() {
    Benchmark.Options o =
        Benchmark.Options.parse(
            new String[] {
              "--handler-jar", "h.jar", "--launcher-jar", "l.jar", "--sha256", "aa", "--sha256",
              "bb", "--cold-runs", "12", "--warm-iterations", "50", "--max-requests", "100",
              "--max-seconds", "1.5", "--aot-java", "/jdk25/bin/java"
            });
    assertThat(o.handlerJar()).isEqualTo(Path.of("h.jar"));
    assertThat(o.launcherJar()).isEqualTo(Path.of("l.jar"));
    assertThat(o.sha256()).containsExactly("aa", "bb");
    assertThat(o.coldRuns()).isEqualTo(12);
    assertThat(o.warmIterations()).isEqualTo(50);
    assertThat(o.maxRequests()).isEqualTo(100);
    assertThat(o.maxSeconds()).isEqualTo(1.5);
    assertThat(o.aotJava()).isEqualTo(Path.of("/jdk25/bin/java"));
    assertThat(Benchmark.Options.parse(new String[0]).aotJava()).isNull();
  }

  @Test
  void aotVariants_shouldCompareTheCachedHandlerWithABareStartOnTheSameJdk() {
    Path java = Path.of("/jdk25/bin/java");
    var variants = ColdStartBench.aotVariants(java, Path.of("/tmp/h.aot"));
    assertThat(variants).allSatisfy(v -> assertThat(v.java()).isEqualTo(java));
    assertThat(variants.get(1).baseline()).isEqualTo(variants.get(0).name());
    assertThat(variants.get(1).jvmFlags()).contains("-XX:AOTCache=/tmp/h.aot");
    assertThat(ColdStartBench.VARIANTS)
        .allSatisfy(
            v -> assertThat(ColdStartBench.VARIANTS).anyMatch(b -> b.name().equals(v.baseline())));
  }

  @Test
  void appCdsVariant_shouldRunTheBenchmarksOwnJvm_withLambdaFlags_andTheArchive() {
    var v = ColdStartBench.appCdsVariant(Path.of("/tmp/h.jsa"));
    assertThat(v.java()).isNull();
    assertThat(v.handler()).isTrue();
    assertThat(v.prime())
        .as("the archive's training run primes; the measured starts do not")
        .isFalse();
    assertThat(v.jvmFlags())
        .containsSequence(ColdStartBench.LAMBDA_FLAGS)
        .endsWith("-XX:SharedArchiveFile=/tmp/h.jsa");
    assertThat(ColdStartBench.VARIANTS)
        .anyMatch(b -> b.name().equals(v.baseline()) && !b.handler());
  }

  @Test
  void displayFlags_shouldNameArchivesByFileName() {
    assertThat(
            Benchmark.displayFlags(
                List.of(
                    "-XX:TieredStopAtLevel=1",
                    "-XX:SharedArchiveFile=/tmp/appcds-123/handler.jsa",
                    "-XX:AOTCache=C:\\Temp\\aot-1\\handler.aot")))
        .isEqualTo(
            "-XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=handler.jsa -XX:AOTCache=handler.aot");
  }

  @Test
  void parse_shouldRefuseFewerThanTenColdRuns() {
    assertThatThrownBy(() -> Benchmark.Options.parse(new String[] {"--cold-runs", "9"}))
        .hasMessageContaining("at least 10");
  }

  @Test
  void parse_shouldRefuseUnknownOptions() {
    assertThatThrownBy(() -> Benchmark.Options.parse(new String[] {"--fast"}))
        .hasMessageContaining("unknown option --fast");
  }

  @Test
  void parse_shouldReadTheSnapStartOptions_andRefuseZero() {
    Benchmark.Options o =
        Benchmark.Options.parse(
            new String[] {"--restore-runs", "7", "--steady-runs", "2", "--steady-requests", "300"});
    assertThat(o.restoreRuns()).isEqualTo(7);
    assertThat(o.steadyRuns()).isEqualTo(2);
    assertThat(o.steadyRequests()).isEqualTo(300);
    Benchmark.Options defaults = Benchmark.Options.parse(new String[0]);
    assertThat(defaults.restoreRuns()).isEqualTo(3);
    assertThat(defaults.steadyRequests()).isEqualTo(1000);
    assertThatThrownBy(() -> Benchmark.Options.parse(new String[] {"--restore-runs", "0"}))
        .hasMessageContaining("at least 1");
  }

  @Test
  void snapStartOptions_shouldCompareC1OnlyWithTiered_andDeployExactlyOne() {
    assertThat(ColdStartBench.SNAPSTART_OPTIONS)
        .filteredOn(ColdStartBench.JvmOptions::deployed)
        .singleElement()
        .satisfies(o -> assertThat(o.flags()).contains("-XX:TieredStopAtLevel=1"));
    assertThat(ColdStartBench.SNAPSTART_OPTIONS)
        .anySatisfy(o -> assertThat(o.flags()).contains("-XX:TieredStopAtLevel=4"))
        .allSatisfy(o -> assertThat(o.flags()).contains("-XX:+UseSerialGC"));
  }

  @Test
  void launcher_shouldOpenTheKeepAliveCache_onlyForRunsThatDropConnections() throws Exception {
    ColdStartBench bench =
        new ColdStartBench(
            Path.of("l.jar"),
            Path.of("h.jar"),
            java.net.URI.create("http://127.0.0.1:1"),
            "t",
            "u");
    List<String> flags = ColdStartBench.LAMBDA_FLAGS;
    assertThat(bench.launcher(null, flags, List.of("get", "u", "--prime", "--drop")))
        .contains(ColdStartBench.OPEN_KEEP_ALIVE_CACHE);
    // A class-archive training run primes without dropping: an AOT cache is only used by JVMs
    // started with the module options of its training run.
    assertThat(bench.launcher(null, flags, List.of("get", "u", "--prime")))
        .doesNotContain(ColdStartBench.OPEN_KEEP_ALIVE_CACHE);
  }
}
