package dev.statefun.kafka.egress;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Egresses without a serializer, several in one application: KafkaProducerRecords written as
 * given (topic, key, value, headers), other messages as JSON to the configured topic, keyed by
 * the configured property or not at all; an egress id the application does not have fails the
 * send with the known ids.
 */
class GenericKafkaEgressITCase {

  static final TestBroker BROKER = TestBroker.start();
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  static final Duration QUIET = Duration.ofMillis(500);

  @TempDir
  static Path checkpoints;

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  @Test
  void genericEgressesWriteRecordsExactlyAndOtherMessagesAsJson() throws Exception {
    for (String topic : List.of("commands", "generic-records", "generic-other", "generic-errors", "generic-json-keyed",
        "generic-json")) {
      BROKER.createTopic(topic, 1);
    }
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(GenericEgressApplication.class)
        .web(WebApplicationType.NONE)
        .properties(
            "statefun.kafka.bootstrap-servers=" + BROKER.bootstrapServers(),
            "statefun.kafka.ingresses[0].id=test/commands",
            "statefun.kafka.ingresses[0].consumer-group-id=generic",
            "statefun.kafka.ingresses[0].topics=commands",
            "statefun.kafka.ingresses[0].deserializer=commandDeserializer",
            "statefun.kafka.ingresses[0].targets=test/writer",
            "statefun.kafka.ingresses[0].startup-position.type=earliest",
            "statefun.kafka.egresses[0].id=test/records",
            "statefun.kafka.egresses[0].delivery-semantic.type=exactly-once",
            "statefun.kafka.egresses[0].delivery-semantic.transaction-timeout=PT1M",
            "statefun.kafka.egresses[1].id=test/keyed-json",
            "statefun.kafka.egresses[1].topic=generic-json-keyed",
            "statefun.kafka.egresses[1].key-property=name",
            "statefun.kafka.egresses[1].properties.compression.type=gzip",
            "statefun.kafka.egresses[1].properties.linger.ms=20",
            "statefun.kafka.egresses[2].id=test/unkeyed-json",
            "statefun.kafka.egresses[2].topic=generic-json",
            "statefun.flink.application-id=generic-app",
            "statefun.flink.checkpoint-interval=300ms",
            "statefun.flink.checkpoint-dir=" + checkpoints.toUri())
        .run()) {
      BROKER.send("commands", "k", "records");
      BROKER.send("commands", "k", "json");
      BROKER.send("commands", "k", "unknown");

      ConsumerRecord<byte[], byte[]> record = only(BROKER.readCommitted("generic-records", 1, TIMEOUT, QUIET));
      assertThat(TestBroker.utf8(record.key())).isEqualTo("alice");
      assertThat(TestBroker.utf8(record.value())).isEqualTo("v1");
      assertThat(Arrays.stream(record.headers().toArray()).map(h -> h.key() + "=" + Arrays.toString(h.value())))
          .containsExactly("trace=" + Arrays.toString("t-1".getBytes(UTF_8)), "bin=" + Arrays.toString(new byte[] {0, 1, 2}));

      ConsumerRecord<byte[], byte[]> other = only(BROKER.readCommitted("generic-other", 1, TIMEOUT, QUIET));
      assertThat(other.key()).isNull();
      assertThat(TestBroker.utf8(other.value())).isEqualTo("v2");
      assertThat(other.headers().toArray()).isEmpty();

      ConsumerRecord<byte[], byte[]> keyed = only(BROKER.readCommitted("generic-json-keyed", 1, TIMEOUT, QUIET));
      assertThat(TestBroker.utf8(keyed.key())).isEqualTo("alice");
      assertThat(JSON.readValue(keyed.value(), GenericEgressApplication.Person.class))
          .isEqualTo(new GenericEgressApplication.Person("alice", 42));

      ConsumerRecord<byte[], byte[]> unkeyed = only(BROKER.readCommitted("generic-json", 1, TIMEOUT, QUIET));
      assertThat(unkeyed.key()).isNull();
      assertThat(JSON.readTree(unkeyed.value()).toString()).isEqualTo("{\"name\":\"bob\",\"age\":7}");

      ConsumerRecord<byte[], byte[]> error = only(BROKER.readCommitted("generic-errors", 1, TIMEOUT, QUIET));
      assertThat(TestBroker.utf8(error.value()))
          .contains("Unknown egress test/missing")
          .contains("test/records", "test/keyed-json", "test/unkeyed-json");
    }
  }

  private static ConsumerRecord<byte[], byte[]> only(List<ConsumerRecord<byte[], byte[]>> records) {
    assertThat(records).hasSize(1);
    return records.get(0);
  }
}
