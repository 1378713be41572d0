package com.example.users.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.users.storage.DynamoDbClients;
import java.io.File;
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
  void launcher_shouldRunTheHandlerOnTheChosenClient_withTheChildFlags() throws Exception {
    ColdStartBench bench =
        new ColdStartBench(
                Path.of("l.jar"),
                Path.of("h.jar"),
                java.net.URI.create("https://127.0.0.1:1"),
                "t",
                "u")
            .withChildFlags(TlsEngine.trustFlags(Path.of("/tmp/trust.p12"), "pw"));
    List<String> flags = ColdStartBench.LAMBDA_FLAGS;
    List<String> args = List.of("get", "u", "--prime", "--idle", "2300");

    List<String> own = bench.launcher(null, flags, ColdStartBench.Client.HANDLER, args);
    assertThat(own)
        .contains(
            "-Djavax.net.ssl.trustStore=/tmp/trust.p12", "-Djavax.net.ssl.trustStoreType=PKCS12")
        .noneMatch(f -> f.startsWith("-D" + DynamoDbClients.HTTP_SERVICE_PROPERTY))
        .noneMatch(f -> f.startsWith("--add-opens"));
    assertThat(own.get(own.indexOf("-cp") + 1)).isEqualTo("l.jar" + File.pathSeparator + "h.jar");
    assertThat(own.subList(own.size() - args.size(), own.size())).isEqualTo(args);

    ColdStartBench.Client other =
        new ColdStartBench.Client("other", "com.example.OtherService", List.of(Path.of("o.jar")));
    List<String> command = bench.launcher(null, flags, other, args);
    assertThat(command)
        .contains("-D" + DynamoDbClients.HTTP_SERVICE_PROPERTY + "=com.example.OtherService");
    assertThat(command.get(command.indexOf("-cp") + 1))
        .isEqualTo(String.join(File.pathSeparator, "l.jar", "h.jar", "o.jar"));
  }

  @Test
  void compared_shouldFindEachClientsJars_onTheClassPath() {
    List<Path> classPath =
        List.of(
            Path.of("target/benchmark.jar"),
            Path.of("lib/url-connection-client-2.57.8.jar"),
            Path.of("lib/apache-client-2.57.8.jar"),
            Path.of("lib/apache5-client-2.57.8.jar"),
            Path.of("lib/httpclient-4.5.13.jar"),
            Path.of("lib/httpclient5-5.6.4.jar"),
            Path.of("lib/httpcore-4.4.16.jar"),
            Path.of("lib/httpcore5-5.4.3.jar"),
            Path.of("lib/commons-logging-1.2.jar"),
            Path.of("lib/commons-codec-1.17.1.jar"));
    List<ColdStartBench.Client> clients = ColdStartBench.Client.compared(classPath);

    assertThat(clients.get(0)).isEqualTo(ColdStartBench.Client.HANDLER);
    assertThat(clients.get(0).flags()).isEmpty();
    assertThat(clients.get(1).jars())
        .containsExactly(Path.of("lib/url-connection-client-2.57.8.jar"));
    assertThat(clients.get(1).service()).endsWith("UrlConnectionSdkHttpService");
    assertThat(clients.get(2).jars())
        .containsExactly(
            Path.of("lib/apache-client-2.57.8.jar"),
            Path.of("lib/httpclient-4.5.13.jar"),
            Path.of("lib/httpcore-4.4.16.jar"),
            Path.of("lib/commons-logging-1.2.jar"),
            Path.of("lib/commons-codec-1.17.1.jar"));
    assertThat(clients.get(2).service()).endsWith(".apache.ApacheSdkHttpService");
  }

  @Test
  void compared_shouldNameTheMissingJar() {
    assertThatThrownBy(
            () -> ColdStartBench.Client.compared(List.of(Path.of("lib/apache-client-2.jar"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("url-connection-client-");
  }

  @Test
  void only_shouldAcceptTheClientSection_andRefuseAnUnknownOne() {
    assertThat(Benchmark.Options.parse(new String[] {"--only", "clients,warm"}).sections())
        .containsExactlyInAnyOrder("clients", "warm");
    assertThat(Benchmark.Options.parse(new String[0]).sections())
        .containsExactlyInAnyOrderElementsOf(Benchmark.SECTIONS)
        .contains("clients", "restore");
    assertThatThrownBy(() -> Benchmark.Options.parse(new String[] {"--only", "client"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'client'")
        .hasMessageContaining("clients");
  }

  @Test
  void firstRequestMet_shouldAcceptTwiceTheWarmP50_orThreeMillisecondsAboveIt() {
    assertThat(Benchmark.firstRequestMet(2.0, 1.0)).isTrue();
    assertThat(Benchmark.firstRequestMet(4.0, 1.0)).isTrue(); // 3 ms above
    assertThat(Benchmark.firstRequestMet(4.01, 1.0)).isFalse();
    assertThat(Benchmark.firstRequestMet(19.0, 10.0)).isTrue(); // 1.9×
    assertThat(Benchmark.firstRequestMet(21.0, 10.0)).isFalse(); // 2.1× and 11 ms above
  }

  @Test
  void trustFlags_shouldNameTheStoreItsPasswordAndType() {
    assertThat(TlsEngine.trustFlags(Path.of("/x/trust.p12"), "pw"))
        .containsExactly(
            "-Djavax.net.ssl.trustStore=/x/trust.p12",
            "-Djavax.net.ssl.trustStorePassword=pw",
            "-Djavax.net.ssl.trustStoreType=PKCS12");
    assertThat(TlsEngine.IDLE).isGreaterThan(TlsEngine.ENGINE_IDLE_TIMEOUT);
    assertThat(TlsEngine.IDLE).isGreaterThan(java.time.Duration.ofSeconds(2));
  }
}
