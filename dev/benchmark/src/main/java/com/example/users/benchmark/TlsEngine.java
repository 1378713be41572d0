package com.example.users.benchmark;

import com.example.users.dynalite.Dynalite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * dynalite serving HTTPS, as DynamoDB does, for the rows measured over TLS: its certificate is made
 * at run time, and the benchmark's JVMs (this one and its children) trust it through a trust store
 * written here. Only the benchmark does; the handler's code never sees it.
 */
final class TlsEngine implements AutoCloseable {

  /**
   * How long the engine keeps an idle connection open. The restore rows idle for {@link #IDLE}
   * after priming, so the pooled connection is closed by the server when the first request comes,
   * as a restored snapshot finds it.
   */
  static final Duration ENGINE_IDLE_TIMEOUT = Duration.ofSeconds(1);

  /**
   * How long a restore row's JVM idles after priming: past the engine's idle time-out, and past the
   * 2 s after which Apache's pool checks an idle connection before lending it (a restore always
   * comes later than that).
   */
  static final Duration IDLE = Duration.ofMillis(2_300);

  private static final String PASSWORD = "benchmark";

  private final Dynalite engine;
  private final Path directory;
  private final Path trustStore;

  private TlsEngine(Dynalite engine, Path directory) {
    this.engine = engine;
    this.directory = directory;
    this.trustStore = directory.resolve("trust.p12");
  }

  /** Starts the engine and writes the trust store its clients need. */
  static TlsEngine start() throws IOException {
    Dynalite engine = Dynalite.startTls(Optional.of(ENGINE_IDLE_TIMEOUT));
    TlsEngine tls = new TlsEngine(engine, Files.createTempDirectory("benchmark-tls-"));
    engine.certificate().orElseThrow().writeTrustStore(tls.trustStore, PASSWORD.toCharArray());
    return tls;
  }

  Dynalite engine() {
    return engine;
  }

  /** The JVM flags that make a child JVM trust the engine (and nothing else). */
  List<String> jvmFlags() {
    return trustFlags(trustStore, PASSWORD);
  }

  static List<String> trustFlags(Path trustStore, String password) {
    return List.of(
        "-Djavax.net.ssl.trustStore=" + trustStore.toAbsolutePath(),
        "-Djavax.net.ssl.trustStorePassword=" + password,
        "-Djavax.net.ssl.trustStoreType=PKCS12");
  }

  /**
   * Makes this JVM's SDK clients trust the engine too (it seeds the table over TLS). The JDK reads
   * these properties whenever a client builds its trust managers from the defaults.
   */
  void trustInThisJvm() {
    for (String flag : jvmFlags()) {
      String property = flag.substring(2, flag.indexOf('='));
      System.setProperty(property, flag.substring(flag.indexOf('=') + 1));
    }
  }

  @Override
  public void close() {
    engine.close();
    try {
      Files.deleteIfExists(trustStore);
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // A temporary file left behind.
    }
  }
}
