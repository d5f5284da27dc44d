package dev.statefun.kafka.autoconfigure;

import java.util.Map;

/**
 * Kafka client settings every client of the application gets unless {@code statefun.kafka.properties}
 * or its own properties say otherwise. The starter takes them from Spring Boot's Kafka settings
 * ({@code spring.kafka.security.protocol}, {@code spring.kafka.ssl.*} or {@code spring.kafka.ssl.bundle},
 * {@code spring.kafka.properties.*}, {@code KafkaConnectionDetails}); declare a bean of this type to
 * give others.
 */
@FunctionalInterface
public interface KafkaClientDefaults {

  /** Kafka client properties (string values). */
  Map<String, String> get();
}
