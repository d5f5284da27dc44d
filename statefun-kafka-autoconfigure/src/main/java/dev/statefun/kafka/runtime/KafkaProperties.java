package dev.statefun.kafka.runtime;

import java.util.Objects;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges named settings into a user's Kafka properties: a named setting wins, and overriding a
 * user's different value is logged. Internal.
 */
public final class KafkaProperties {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaProperties.class);

  private KafkaProperties() {}

  /** Sets a named setting, logging when it replaces a different value the user gave. */
  public static void putNamed(Properties properties, String key, String value, String where) {
    if (value == null) {
      return;
    }
    Object given = properties.get(key);
    if (given != null && !Objects.equals(String.valueOf(given), value)) {
      LOG.warn("Property {} of {} is provided but will be overridden from {} to {}", key, where,
          KafkaSecrets.shown(key, given), KafkaSecrets.shown(key, value));
    }
    properties.setProperty(key, value);
  }

  /** Sets a value only when the user gave none. */
  public static void putDefault(Properties properties, String key, String value) {
    if (!properties.containsKey(key)) {
      properties.setProperty(key, value);
    }
  }
}
