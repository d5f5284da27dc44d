package dev.statefun.kafka.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.jks.JksSslStoreBundle;
import org.springframework.boot.ssl.jks.JksSslStoreDetails;

/** A Spring Boot SSL bundle (spring.kafka.ssl.bundle) becomes PEM settings Kafka's clients load. */
class SslBundlePemTests {

  @TempDir
  Path dir;

  @Test
  void aKeyStoreAndTrustStoreBundleBecomesPemSettingsKafkaLoads() throws Exception {
    Path keys = dir.resolve("client.p12");
    Path cert = dir.resolve("client.crt");
    Path trust = dir.resolve("trust.p12");
    keytool("-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
        "-validity", "2", "-storetype", "PKCS12", "-keystore", keys.toString(), "-storepass", "key-pass");
    keytool("-exportcert", "-alias", "client", "-keystore", keys.toString(), "-storepass", "key-pass",
        "-rfc", "-file", cert.toString());
    keytool("-importcert", "-noprompt", "-alias", "ca", "-file", cert.toString(), "-storetype", "PKCS12",
        "-keystore", trust.toString(), "-storepass", "trust-pass");
    SslBundle bundle = SslBundle.of(new JksSslStoreBundle(
        new JksSslStoreDetails("PKCS12", null, keys.toUri().toString(), "key-pass"),
        new JksSslStoreDetails("PKCS12", null, trust.toUri().toString(), "trust-pass")));

    Map<String, String> pem = SslBundlePem.properties(bundle);

    assertThat(pem).containsEntry("ssl.keystore.type", "PEM").containsEntry("ssl.truststore.type", "PEM");
    assertThat(pem.get("ssl.keystore.key")).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(pem.get("ssl.keystore.certificate.chain")).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(pem.get("ssl.truststore.certificates")).startsWith("-----BEGIN CERTIFICATE-----");
    ConfigDef definitions = new ConfigDef();
    SslConfigs.addClientSslSupport(definitions);
    try (DefaultSslEngineFactory kafka = new DefaultSslEngineFactory()) {
      kafka.configure(definitions.parse(pem));
      SSLEngine engine = kafka.createClientSslEngine("localhost", 9093, "https");
      assertThat(engine.getUseClientMode()).isTrue();
      assertThat(kafka.keystore().aliases().hasMoreElements()).isTrue();
      assertThat(kafka.truststore().aliases().hasMoreElements()).isTrue();
    }
  }

  static void keytool(String... arguments) throws Exception {
    String[] command = new String[arguments.length + 1];
    command[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    System.arraycopy(arguments, 0, command, 1, arguments.length);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
  }
}
