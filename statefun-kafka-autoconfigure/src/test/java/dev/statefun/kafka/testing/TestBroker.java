package dev.statefun.kafka.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node KRaft broker in the test JVM, with transactions enabled, plus the few
 * client operations tests need. One per test class.
 */
public final class TestBroker implements AutoCloseable {

  private final EmbeddedKafkaKraftBroker broker;

  private TestBroker(EmbeddedKafkaKraftBroker broker) {
    this.broker = broker;
  }

  public static TestBroker start() {
    return start(Map.of());
  }

  /** A broker with these broker properties on top of the defaults (e.g. another transaction.max.timeout.ms). */
  public static TestBroker start(Map<String, String> brokerProperties) {
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 2);
    Map<String, String> properties = new java.util.HashMap<>(Map.of(
        "transaction.state.log.replication.factor", "1",
        "transaction.state.log.min.isr", "1",
        "offsets.topic.replication.factor", "1",
        "transaction.max.timeout.ms", "900000",
        "group.initial.rebalance.delay.ms", "0"));
    properties.putAll(brokerProperties);
    broker.brokerProperties(properties);
    broker.afterPropertiesSet();
    return new TestBroker(broker);
  }

  public String bootstrapServers() {
    return broker.getBrokersAsString();
  }

  public void createTopic(String topic, int partitions) {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(e);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return Admin.create(props);
  }

  public KafkaProducer<byte[], byte[]> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Writes records (key, value) as UTF-8 and waits until all are acknowledged. */
  public void send(String topic, List<Map.Entry<String, String>> records) {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (Map.Entry<String, String> record : records) {
        producer.send(new ProducerRecord<>(topic, utf8(record.getKey()), utf8(record.getValue())));
      }
      producer.flush();
    }
  }

  public void send(String topic, String key, String value) {
    send(topic, List.of(Map.entry(key, value)));
  }

  /** A consumer with a fresh group reading from the beginning with the given isolation level. */
  public KafkaConsumer<byte[], byte[]> consumer(String isolationLevel) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Reads the topic read_committed until {@code expected} records arrived, then goes on for
   * {@code quiet} to catch any extra record; returns all it read.
   */
  public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic, int expected, Duration timeout,
      Duration quiet) {
    return read(topic, "read_committed", expected, timeout, quiet);
  }

  /** The values {@link #readCommitted} reads, as UTF-8 text. */
  public List<String> readCommittedValues(String topic, int expected, Duration timeout, Duration quiet) {
    List<String> values = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : readCommitted(topic, expected, timeout, quiet)) {
      values.add(utf8(record.value()));
    }
    return values;
  }

  public List<ConsumerRecord<byte[], byte[]>> read(String topic, String isolationLevel, int expected,
      Duration timeout, Duration quiet) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(isolationLevel)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      long quietEnd = System.nanoTime() + quiet.toNanos();
      while (System.nanoTime() < quietEnd) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  /** The committed offset of a group on a partition, or -1. */
  public long committedOffset(String group, TopicPartition partition) {
    try (Admin admin = admin()) {
      var offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      var offset = offsets.get(partition);
      return offset == null ? -1 : offset.offset();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] utf8(String text) {
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }

  public static String utf8(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    broker.destroy();
  }
}
