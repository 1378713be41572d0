package com.example.users.dynalite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An engine started with TLS serves DynamoDB over HTTPS only, to a client that trusts the
 * certificate made for it.
 */
class DynaliteTlsTests {

  private static Dynalite engine;

  @BeforeAll
  static void start() {
    engine = Dynalite.startTls();
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  @Test
  void startTls_shouldServeDynamoDbOverHttps_toAClientTrustingItsCertificate() throws Exception {
    assertThat(engine.endpoint().toString()).isEqualTo("https://127.0.0.1:" + engine.port());
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(engine.certificate().orElseThrow().trustStore());
    try (DynamoDbClient client =
        DynamoDbClient.builder()
            .endpointOverride(engine.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .tlsTrustManagersProvider(trust::getTrustManagers)
                    .build())
            .build()) {
      Engines.createTable(client, "secure");
      assertThat(client.listTables().tableNames()).contains("secure");
    }
  }

  @Test
  void startTls_shouldNotAnswerPlainHttp() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), engine.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String answer;
      try {
        answer = new String(in.readNBytes(9), StandardCharsets.US_ASCII);
      } catch (java.net.SocketException reset) {
        answer = "";
      }
      assertThat(answer).doesNotStartWith("HTTP/1.");
    }
  }

  @Test
  void startTls_withAnIdleTimeout_shouldCloseAnIdleKeptAliveConnection() throws Exception {
    try (Dynalite closing = Dynalite.startTls(Optional.of(Duration.ofMillis(300)));
        Socket socket =
            closing
                .certificate()
                .orElseThrow()
                .sslContext()
                .getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), closing.port())) {
      socket.setSoTimeout(30_000);
      socket
          .getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      String head = new String(in.readNBytes(9), StandardCharsets.US_ASCII);
      assertThat(head).startsWith("HTTP/1.1");
      // The answer, then the end of the stream once the connection has idled: read to the end.
      byte[] rest = in.readAllBytes();
      assertThat(new String(rest, StandardCharsets.US_ASCII)).contains("Keep-Alive: timeout=");
    }
  }

  @Test
  void plainEngine_shouldHaveNoCertificate_andAnHttpEndpoint() {
    try (Dynalite plain = Dynalite.startInMemory()) {
      assertThat(plain.certificate()).isEmpty();
      assertThat(plain.endpoint().getScheme()).isEqualTo("http");
    }
  }

  @Test
  void certificate_shouldNameTheLoopbackAddress_andBeValidNow() throws Exception {
    X509Certificate certificate = engine.certificate().orElseThrow().certificate();
    certificate.checkValidity(new Date());
    assertThat(certificate.getSubjectAlternativeNames())
        .contains(List.of(7, "127.0.0.1"), List.of(2, "localhost"));
    assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("RSA");
  }

  @Test
  void writeTrustStore_shouldHoldTheEngineCertificateAlone(@TempDir Path dir) throws Exception {
    EngineCertificate tls = engine.certificate().orElseThrow();
    char[] password = "secret".toCharArray();
    Path file = tls.writeTrustStore(dir.resolve("trust.p12"), password);

    KeyStore read = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      read.load(in, password);
    }
    assertThat(Collections.list(read.aliases())).containsExactly(EngineCertificate.ALIAS);
    assertThat(read.isCertificateEntry(EngineCertificate.ALIAS)).isTrue();
    assertThat(read.getCertificate(EngineCertificate.ALIAS)).isEqualTo(tls.certificate());
  }

  @Test
  void pem_shouldWrapBase64At64Columns() {
    String pem = EngineCertificate.pem("CERTIFICATE", new byte[100]);
    List<String> lines = pem.lines().toList();
    assertThat(lines.get(0)).isEqualTo("-----BEGIN CERTIFICATE-----");
    assertThat(lines.get(1)).hasSize(64);
    assertThat(lines.get(lines.size() - 1)).isEqualTo("-----END CERTIFICATE-----");
  }
}
