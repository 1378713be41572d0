package com.example.users.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.config.HandlerConfig;
import com.example.users.dynalite.Dynalite;
import com.example.users.dynalite.Tables;
import com.example.users.storage.DynamoDbClients;
import com.example.users.storage.UserTable;
import com.example.users.testing.DynaliteExtension;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Lambda jar on its own serves every operation, primed as SnapStart primes it: what the
 * assembly leaves out of its dependencies (see {@code src/assembly/lambda.xml}) is code the handler
 * never loads. The JVM's class path is the jar and {@link JarSmoke} alone; over HTTPS, it trusts
 * the engine's certificate through the JDK's trust-store properties, as the benchmark does.
 */
@ExtendWith(DynaliteExtension.class)
class LambdaJarIntegrationTests {

  @Test
  void theJarAlone_primesAndServesEveryOperation(HandlerConfig table) throws Exception {
    assertServesEveryOperation(table.tableName(), table.endpoint().orElseThrow(), List.of());
  }

  @Test
  void theJarAlone_primesAndServesEveryOperation_overHttps(@TempDir Path dir) throws Exception {
    try (Dynalite engine = Dynalite.startTls();
        DynamoDbClient admin =
            DynamoDbClient.builder()
                .endpointOverride(engine.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(DynamoDbClients.localCredentials())
                .httpClient(
                    Apache5HttpClient.builder()
                        .tlsTrustManagersProvider(() -> trustManagers(engine))
                        .build())
                .build()) {
      Tables.createIfAbsent(admin, "users", UserTable.PARTITION_KEY);
      char[] password = "changeit".toCharArray();
      Path trustStore =
          engine.certificate().orElseThrow().writeTrustStore(dir.resolve("trust.p12"), password);
      assertServesEveryOperation(
          "users",
          engine.endpoint(),
          List.of(
              "-Djavax.net.ssl.trustStore=" + trustStore,
              "-Djavax.net.ssl.trustStorePassword=" + new String(password),
              "-Djavax.net.ssl.trustStoreType=PKCS12"));
    }
  }

  private static TrustManager[] trustManagers(Dynalite engine) {
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(engine.certificate().orElseThrow().trustStore());
      return trust.getTrustManagers();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertServesEveryOperation(String table, URI endpoint, List<String> flags)
      throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString()));
    command.addAll(flags);
    command.addAll(
        List.of(
            "-cp",
            Path.of("target", "handler-lambda.jar") + File.pathSeparator + testClasses(),
            JarSmoke.class.getName(),
            "jar-smoke"));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("JAVA_"));
    env.put(HandlerConfig.TABLE_NAME_ENV, table);
    env.put(HandlerConfig.REGION_ENV, "us-east-1");
    env.put(HandlerConfig.ENDPOINT_ENV, endpoint.toString());
    env.put("AWS_ACCESS_KEY_ID", "local");
    env.put("AWS_SECRET_ACCESS_KEY", "local");
    Path errors = Files.createTempFile("jar-smoke-", ".err");
    pb.redirectError(errors.toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(errors, StandardCharsets.UTF_8);
    Files.delete(errors);

    assertThat(err).doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
    assertThat(out.lines().toList())
        .as("what the jar answered; its error output:%n%s", err)
        .isEqualTo(List.of("create 201", "get 200", "update 200", "list 200", "delete 204"));
    assertThat(p.exitValue()).isZero();
  }

  /** Where this test's classes are, {@link JarSmoke} among them. */
  private static String testClasses() throws Exception {
    return Path.of(JarSmoke.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
  }
}
