package dev.statefun.kafka.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The whole sample against Kafka in a container: {@code @ServiceConnection} makes a
 * {@link KafkaConnectionDetails} bean, and the starter takes its address from it (no
 * {@code bootstrap-servers} to set). Skipped where Docker is missing; {@link GreeterTest} and
 * the starter's own tests (a real in-JVM broker) cover the same without Docker.
 */
@SpringBootTest(properties = {"statefun.kafka.embedded-broker.enabled=false", "sample.generator.interval=200ms"})
@Testcontainers(disabledWithoutDocker = true)
class GreeterContainerTests {

  @Container
  @ServiceConnection
  static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka-native:4.1.0");

  @TempDir
  static Path checkpoints;

  @DynamicPropertySource
  static void checkpointDirectory(DynamicPropertyRegistry registry) {
    registry.add("statefun.flink.checkpoint-dir", () -> checkpoints.toUri().toString());
  }

  @Autowired
  KafkaConnectionDetails kafka;

  @Test
  void greetingsComeOutOfTheContainerBroker() {
    Map<String, Object> properties = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()),
        ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<String> greetings = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("greetings"));
      await().atMost(Duration.ofMinutes(2)).until(() -> {
        consumer.poll(Duration.ofMillis(500)).forEach(record -> greetings.add(record.value()));
        return !greetings.isEmpty();
      });
    }
    assertThat(greetings).first().asString().contains("\"text\":\"Hello ");
  }
}
