package dev.statefun.kafka.runtime;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Tells which Kafka client settings are secrets (passwords, JAAS configurations, private keys,
 * tokens) and masks them, so no log line, error message or actuator response shows one.
 * Kafka's own password-typed settings count, and so does any key that names a password,
 * secret, JAAS config, credential, token or key. Internal.
 */
public final class KafkaSecrets {

  public static final String MASK = "******";

  private KafkaSecrets() {}

  public static boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return lower.contains("password") || lower.contains("secret") || lower.contains("jaas")
        || lower.contains("credential") || lower.contains("token") || lower.contains("user.info") || lower.endsWith(".key")
        || lower.endsWith("keystore.key") || isPasswordTyped(ConsumerConfig.configDef(), key)
        || isPasswordTyped(ProducerConfig.configDef(), key) || isPasswordTyped(AdminClientConfig.configDef(), key);
  }

  private static boolean isPasswordTyped(ConfigDef definitions, String key) {
    ConfigDef.ConfigKey definition = definitions.configKeys().get(key);
    return definition != null && definition.type == ConfigDef.Type.PASSWORD;
  }

  /** The value as it may be shown: masked when the key is a secret. */
  public static String shown(String key, Object value) {
    return isSecret(key) ? MASK : String.valueOf(value);
  }

  public static Map<String, String> sanitized(Map<String, ?> properties) {
    Map<String, String> shown = new LinkedHashMap<>();
    properties.forEach((key, value) -> shown.put(key, shown(key, value)));
    return shown;
  }

  public static Map<String, String> sanitized(Properties properties) {
    Map<String, String> shown = new LinkedHashMap<>();
    properties.stringPropertyNames().stream().sorted()
        .forEach(key -> shown.put(key, shown(key, properties.getProperty(key))));
    return shown;
  }
}
