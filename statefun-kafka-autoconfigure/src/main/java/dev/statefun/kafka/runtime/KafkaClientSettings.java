package dev.statefun.kafka.runtime;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Kafka client settings every client of an application gets beneath its own (security
 * protocol, SASL, SSL, timeouts): sources, sinks, dead letters, the feedback loop and the
 * admin clients of the startup checks. An ingress's or egress's own properties win over them.
 * In a Spring application they come from {@code statefun.kafka.properties} over Spring Boot's
 * Kafka settings. Internal.
 */
public final class KafkaClientSettings implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final KafkaClientSettings NONE = new KafkaClientSettings(Map.of());

  private final Map<String, String> properties;

  private KafkaClientSettings(Map<String, String> properties) {
    this.properties = Collections.unmodifiableMap(new TreeMap<>(properties));
  }

  public static KafkaClientSettings none() {
    return NONE;
  }

  public static KafkaClientSettings of(Map<String, String> properties) {
    return properties.isEmpty() ? NONE : new KafkaClientSettings(properties);
  }

  /** These settings, then {@code own} on top: a client's own setting wins. */
  public Properties beneath(Properties own) {
    Properties merged = new Properties();
    merged.putAll(properties);
    merged.putAll(own);
    return merged;
  }

  /** The settings an admin client at {@code bootstrapServers} takes from these and a client's own properties. */
  public Properties admin(String bootstrapServers, Properties own) {
    Properties admin = new Properties();
    beneath(own).forEach((key, value) -> {
      if (AdminClientConfig.configNames().contains(String.valueOf(key))) {
        admin.put(key, value);
      }
    });
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return admin;
  }

  public Map<String, String> asMap() {
    return properties;
  }

  /** The settings with every secret masked, for logs and actuator responses. */
  @Override
  public String toString() {
    return KafkaSecrets.sanitized(properties).toString();
  }
}
