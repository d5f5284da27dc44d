package dev.statefun.kafka.greeter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.autoconfigure.StatefunJobLifecycle;
import dev.statefun.kafka.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * The first slice end to end: user records in, a stateful function counting visits per user,
 * greetings out exactly once, read read_committed.
 */
@SpringBootTest(classes = GreeterApplication.class, properties = {
    "statefun.kafka.ingresses[0].id=example/users",
    "statefun.kafka.ingresses[0].consumer-group-id=greeter",
    "statefun.kafka.ingresses[0].topics=users",
    "statefun.kafka.ingresses[0].deserializer=userDeserializer",
    "statefun.kafka.ingresses[0].targets=example/greeter",
    "statefun.kafka.ingresses[0].startup-position.type=earliest",
    "statefun.kafka.egresses[0].id=example/greetings",
    "statefun.kafka.egresses[0].serializer=greetingSerializer",
    "statefun.kafka.egresses[0].delivery-semantic.type=exactly-once",
    "statefun.kafka.egresses[0].delivery-semantic.transaction-timeout=1m",
    "statefun.flink.checkpoint-interval=500ms",
    "statefun.flink.application-id=greeter-it"
})
@DirtiesContext
class GreeterITCase {

  static final TestBroker BROKER = TestBroker.start();
  static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir
  static Path checkpoints;

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) {
    BROKER.createTopic("users", 2);
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
  void everyUserRecordIsGreetedExactlyOnceWithItsVisitCount() {
    List<Map.Entry<String, String>> users = new ArrayList<>();
    Map<String, Integer> expectedVisits = new HashMap<>();
    for (int i = 0; i < 1000; i++) {
      String name = "user-" + (i % 50);
      users.add(Map.entry(name, "{\"name\":\"" + name + "\"}"));
      expectedVisits.merge(name, 1, Integer::sum);
    }
    BROKER.send("users", users);

    List<ConsumerRecord<byte[], byte[]>> greetings =
        BROKER.readCommitted("greetings", 1000, Duration.ofSeconds(90), Duration.ofSeconds(2));

    assertThat(greetings).hasSize(1000);
    Map<String, List<Integer>> seenPerUser = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : greetings) {
      GreeterApplication.Greeting greeting = JSON.readValue(record.value(), GreeterApplication.Greeting.class);
      assertThat(TestBroker.utf8(record.key())).isEqualTo(greeting.name());
      seenPerUser.computeIfAbsent(greeting.name(), k -> new ArrayList<>()).add(greeting.seen());
    }
    assertThat(seenPerUser).hasSize(50);
    seenPerUser.forEach((name, seen) -> {
      List<Integer> expected = new ArrayList<>();
      for (int n = 1; n <= expectedVisits.get(name); n++) {
        expected.add(n);
      }
      assertThat(seen).as("visit counts of %s", name).isEqualTo(expected);
    });
  }
}
