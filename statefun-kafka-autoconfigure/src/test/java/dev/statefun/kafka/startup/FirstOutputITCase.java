package dev.statefun.kafka.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.autoconfigure.StatefunJobLifecycle;
import dev.statefun.kafka.greeter.GreeterApplication;
import dev.statefun.kafka.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The first output of an exactly-once egress commits as soon as it exists: the job takes its first
 * checkpoint at its first egress record, not a checkpoint interval later. With a five-minute interval
 * nothing would be visible to a read_committed reader for five minutes otherwise.
 */
@SpringBootTest(classes = GreeterApplication.class, properties = {
    "statefun.kafka.ingresses[0].id=example/users",
    "statefun.kafka.ingresses[0].consumer-group-id=first-output",
    "statefun.kafka.ingresses[0].topics=first-users",
    "statefun.kafka.ingresses[0].deserializer=userDeserializer",
    "statefun.kafka.ingresses[0].targets=example/greeter",
    "statefun.kafka.ingresses[0].startup-position.type=earliest",
    "statefun.kafka.egresses[0].id=example/greetings",
    "statefun.kafka.egresses[0].serializer=greetingSerializer",
    "statefun.kafka.egresses[0].delivery-semantic.type=exactly-once",
    "statefun.kafka.egresses[0].delivery-semantic.transaction-timeout=10m",
    "statefun.flink.checkpoint-interval=5m",
    "statefun.flink.application-id=first-output-it"
})
@DirtiesContext
class FirstOutputITCase {

  static final TestBroker BROKER = TestBroker.start();

  @TempDir
  static Path checkpoints;

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) {
    BROKER.createTopic("first-users", 2);
    BROKER.createTopic("greetings", 2);
    registry.add("statefun.kafka.bootstrap-servers", BROKER::bootstrapServers);
    registry.add("statefun.flink.checkpoint-dir", () -> checkpoints.toUri().toString());
  }

  @AfterAll
  static void stopJobThenBroker(@Autowired StatefunJobLifecycle job) {
    job.stop();
    BROKER.close();
  }

  @Test
  void theFirstOutputCommitsWithoutWaitingForTheCheckpointInterval() {
    List<Map.Entry<String, String>> users = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      users.add(Map.entry("user-" + i, "{\"name\":\"user-" + i + "\"}"));
    }
    BROKER.send("first-users", users);

    List<ConsumerRecord<byte[], byte[]>> greetings =
        BROKER.readCommitted("greetings", 1, Duration.ofSeconds(60), Duration.ZERO);

    assertThat(greetings).isNotEmpty();
  }
}
