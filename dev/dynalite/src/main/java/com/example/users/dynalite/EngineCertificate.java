package com.example.users.dynalite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A key and a self-signed certificate for an engine serving TLS on loopback, made at run time with
 * the JDK's {@code keytool}: RSA 2048 and SHA-256, as DynamoDB's own certificates, valid for {@code
 * 127.0.0.1} and {@code localhost} for two days. dynalite's bundled certificate cannot serve: it
 * names the host {@code dynalite} and expired in 2018, so no TLS client accepts it.
 *
 * <p>Only development tools trust it (the benchmark, the tests), through {@link #trustStore()} or
 * {@link #writeTrustStore}; the handler's production code never sees it.
 */
public final class EngineCertificate {

  static final String ALIAS = "dynalite";

  private final Path keyPem;
  private final Path certificatePem;
  private final X509Certificate certificate;

  private EngineCertificate(Path keyPem, Path certificatePem, X509Certificate certificate) {
    this.keyPem = keyPem;
    this.certificatePem = certificatePem;
    this.certificate = certificate;
  }

  /**
   * Makes a key and certificate in {@code directory}: {@code engine-key.pem} (PKCS #8) and {@code
   * engine-cert.pem}, which the engine's launcher reads.
   *
   * @throws IllegalStateException if keytool fails
   */
  public static EngineCertificate create(Path directory) {
    char[] password = "dynalite".toCharArray();
    Path store = directory.resolve("engine.p12");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                ALIAS,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-sigalg",
                "SHA256withRSA",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(password)));
    try {
      Files.createDirectories(directory);
      Files.deleteIfExists(store);
      Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
        keytool.destroyForcibly();
        throw new IllegalStateException("keytool could not make the engine's key: " + output);
      }
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keys.load(in, password);
      }
      X509Certificate certificate = (X509Certificate) keys.getCertificate(ALIAS);
      Path keyPem = directory.resolve("engine-key.pem");
      Path certificatePem = directory.resolve("engine-cert.pem");
      Files.writeString(keyPem, pem("PRIVATE KEY", keys.getKey(ALIAS, password).getEncoded()));
      Files.writeString(certificatePem, pem("CERTIFICATE", certificate.getEncoded()));
      Files.delete(store);
      return new EngineCertificate(keyPem, certificatePem, certificate);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot make the engine's key and certificate: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while making the engine's key", e);
    }
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** The private key, PEM (PKCS #8). */
  Path keyPem() {
    return keyPem;
  }

  /** The certificate, PEM. */
  Path certificatePem() {
    return certificatePem;
  }

  /** The engine's certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** A trust store (PKCS #12, in memory) whose one entry is the engine's certificate. */
  public KeyStore trustStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry(ALIAS, certificate);
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot build a trust store: " + e, e);
    }
  }

  /**
   * Writes {@link #trustStore()} to {@code file} (PKCS #12), for a JVM started with {@code
   * -Djavax.net.ssl.trustStore=FILE -Djavax.net.ssl.trustStorePassword=PASSWORD
   * -Djavax.net.ssl.trustStoreType=PKCS12}.
   */
  public Path writeTrustStore(Path file, char[] password) {
    try (OutputStream out = Files.newOutputStream(file)) {
      trustStore().store(out, password);
      return file;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot write the trust store " + file + ": " + e, e);
    }
  }

  /** A TLS context that trusts the engine's certificate alone. */
  public SSLContext sslContext() {
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot build a TLS context: " + e, e);
    }
  }
}
