package dev.statefun.kafka.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.ssl.SslBundle;

/**
 * Spring Boot's Kafka settings as defaults of every client: {@code spring.kafka.properties.*},
 * then the security protocol and SSL of the connection details ({@code spring.kafka.security.protocol},
 * {@code spring.kafka.ssl.bundle}, or what Testcontainers or Docker Compose give), else
 * {@code spring.kafka.ssl.*}. An SSL bundle becomes PEM settings, since the clients run in Flink
 * and take only plain values.
 */
final class SpringKafkaClientDefaults implements KafkaClientDefaults {

  private final KafkaProperties boot;
  private final KafkaConnectionDetails connection;

  SpringKafkaClientDefaults(KafkaProperties boot, KafkaConnectionDetails connection) {
    this.boot = boot;
    this.connection = connection;
  }

  @Override
  public Map<String, String> get() {
    Map<String, String> properties = new LinkedHashMap<>(boot.getProperties());
    String protocol = connection != null && connection.getSecurityProtocol() != null
        ? connection.getSecurityProtocol() : boot.getSecurity().getProtocol();
    if (protocol != null) {
      properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
    }
    SslBundle bundle = connection == null ? null : connection.getSslBundle();
    if (bundle != null) {
      properties.putAll(SslBundlePem.properties(bundle));
    } else if (boot.getSsl().getBundle() == null) {
      boot.getSsl().buildProperties().forEach((key, value) -> properties.put(key, String.valueOf(value)));
    }
    return properties;
  }
}
