package dev.statefun.kafka.ingress;

import dev.statefun.kafka.testing.TestApplications;
import dev.statefun.kafka.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts {@link IngressTestApplication}s against a test broker and reads what reached their functions. */
final class IngressTestSupport {

  static final Duration TIMEOUT = Duration.ofSeconds(90);
  static final Duration QUIET = Duration.ofSeconds(1);

  private final TestBroker broker;

  IngressTestSupport(TestBroker broker) {
    this.broker = broker;
  }

  /** The properties every test app shares: broker, checkpoints, the exactly-once egress test/out. */
  Map<String, String> baseProperties(String applicationId, Path checkpointDir) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("statefun.kafka.bootstrap-servers", broker.bootstrapServers());
    properties.put("statefun.flink.application-id", applicationId);
    properties.put("statefun.flink.checkpoint-dir", checkpointDir.toUri().toString());
    properties.put("statefun.flink.checkpoint-interval", "300ms");
    properties.put("statefun.kafka.egresses[0].id", "test/out");
    properties.put("statefun.kafka.egresses[0].serializer", "outSerializer");
    properties.put("statefun.kafka.egresses[0].delivery-semantic.type", "exactly-once");
    properties.put("statefun.kafka.egresses[0].delivery-semantic.transaction-timeout", "1m");
    properties.put("spring.main.banner-mode", "off");
    return properties;
  }

  /** Adds {@code statefun.kafka.ingresses[index].key=value} for each key/value pair. */
  static void ingress(Map<String, String> properties, int index, String... keysAndValues) {
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.put("statefun.kafka.ingresses[" + index + "]." + keysAndValues[i], keysAndValues[i + 1]);
    }
  }

  static ConfigurableApplicationContext start(Map<String, String> properties, ApplicationListener<?>... listeners) {
    return TestApplications.start(IngressTestApplication.class, properties, listeners);
  }

  /** Writes {@code count} records with values {@code v0, v1, ...} to one partition, with the given timestamps (or now). */
  void write(String topic, int partition, int count, long firstTimestamp, long step) {
    try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
      for (int i = 0; i < count; i++) {
        Long timestamp = firstTimestamp < 0 ? null : firstTimestamp + i * step;
        producer.send(new ProducerRecord<>(topic, partition, timestamp, TestBroker.utf8("k" + i),
            TestBroker.utf8("v" + i)));
      }
      producer.flush();
    }
  }

  void write(String topic, int partition, int count) {
    write(topic, partition, count, -1, 0);
  }

  void send(ProducerRecord<byte[], byte[]> record) {
    try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
      producer.send(record);
      producer.flush();
    }
  }

  /** Commits offsets for a group, as an earlier consumer would have. */
  void commit(String group, Map<TopicPartition, Long> offsets) {
    Map<TopicPartition, OffsetAndMetadata> committed = new LinkedHashMap<>();
    offsets.forEach((partition, offset) -> committed.put(partition, new OffsetAndMetadata(offset)));
    try (Admin admin = broker.admin()) {
      admin.alterConsumerGroupOffsets(group, committed).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The lines a topic holds, read read_committed once {@code expected} arrived and a quiet second passed. */
  List<String> lines(String topic, int expected) {
    return broker.readCommittedValues(topic, expected, TIMEOUT, QUIET);
  }

  /** {@code topic/partition@offset} for offsets from (inclusive) to (exclusive). */
  static List<String> positions(String topic, int partition, long from, long to) {
    List<String> positions = new ArrayList<>();
    for (long offset = from; offset < to; offset++) {
      positions.add(topic + "/" + partition + "@" + offset);
    }
    return positions;
  }

  static long offsetOf(String position) {
    return Long.parseLong(position.substring(position.indexOf('@') + 1));
  }
}
