package dev.statefun.kafka.autoconfigure;

import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;

/**
 * A Spring Boot {@link SslBundle} as Kafka's PEM client settings ({@code ssl.truststore.certificates},
 * {@code ssl.keystore.key}, {@code ssl.keystore.certificate.chain}): values a Flink job can carry,
 * unlike the bundle object Spring Kafka hands its own clients.
 */
final class SslBundlePem {

  private SslBundlePem() {}

  static Map<String, String> properties(SslBundle bundle) {
    Map<String, String> properties = new LinkedHashMap<>();
    try {
      KeyStore trust = bundle.getStores().getTrustStore();
      if (trust != null) {
        List<Certificate> certificates = new ArrayList<>();
        for (String alias : Collections.list(trust.aliases())) {
          if (trust.isCertificateEntry(alias)) {
            certificates.add(trust.getCertificate(alias));
          }
        }
        properties.put("ssl.truststore.type", "PEM");
        properties.put("ssl.truststore.certificates", pem(certificates));
      }
      KeyStore keys = bundle.getStores().getKeyStore();
      if (keys != null) {
        SslBundleKey bundleKey = bundle.getKey();
        String password = bundleKey.getPassword() != null ? bundleKey.getPassword()
            : bundle.getStores().getKeyStorePassword();
        char[] secret = password == null ? new char[0] : password.toCharArray();
        for (String alias : Collections.list(keys.aliases())) {
          if ((bundleKey.getAlias() == null || bundleKey.getAlias().equals(alias)) && keys.isKeyEntry(alias)) {
            Key key = keys.getKey(alias, secret);
            if (key instanceof PrivateKey) {
              properties.put("ssl.keystore.type", "PEM");
              properties.put("ssl.keystore.key", block("PRIVATE KEY", key.getEncoded()));
              properties.put("ssl.keystore.certificate.chain", pem(List.of(keys.getCertificateChain(alias))));
              break;
            }
          }
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("Cannot read the SSL bundle of spring.kafka.ssl.bundle: " + e.getClass().getSimpleName(), e);
    }
    if (bundle.getProtocol() != null && !SslBundle.DEFAULT_PROTOCOL.equals(bundle.getProtocol())) {
      properties.put("ssl.protocol", bundle.getProtocol());
    }
    return properties;
  }

  private static String pem(List<Certificate> certificates) throws Exception {
    StringBuilder pem = new StringBuilder();
    for (Certificate certificate : certificates) {
      pem.append(block("CERTIFICATE", certificate.getEncoded()));
    }
    return pem.toString();
  }

  private static String block(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
