package dev.statefun.kafka.autoconfigure;

/**
 * A source of the default Kafka address, for ingresses and egresses that name none. The
 * starter uses, in order: {@code statefun.kafka.bootstrap-servers}, the embedded broker, Spring
 * Boot's {@code KafkaConnectionDetails} (Testcontainers and Docker Compose set it), then
 * {@code spring.kafka.bootstrap-servers}.
 */
@FunctionalInterface
public interface KafkaBootstrapServers {

  /** Comma-separated host:port pairs. */
  String get();
}
