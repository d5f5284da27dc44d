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
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node KRaft broker in the test JVM, with transactions enabled, plus the few
 * client operations tests need. One per test class.
 */
public final class TestBroker implements AutoCloseable {

  /** The user a {@link #startSasl SASL broker} knows besides its own admin. */
  public static final String SASL_USER = "statefun-app";

  private final String bootstrapServers;
  private final Properties clientSecurity;
  private final AutoCloseable broker;

  private TestBroker(String bootstrapServers, Properties clientSecurity, AutoCloseable broker) {
    this.bootstrapServers = bootstrapServers;
    this.clientSecurity = clientSecurity;
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
    return new TestBroker(broker.getBrokersAsString(), new Properties(), broker::destroy);
  }

  /**
   * A broker whose only client listener is {@code SASL_PLAINTEXT} with mechanism {@code PLAIN},
   * knowing the user {@link #SASL_USER} with this password. The test's own clients log in as it.
   */
  public static TestBroker startSasl(String password) {
    try {
      KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1)
              .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
              .build())
          .setConfigProp("listener.name.external.plain.sasl.jaas.config", plainLogin("broker-admin", "broker-admin-pw")
              .replace(";", " user_broker-admin=\"broker-admin-pw\" user_" + SASL_USER + "=\"" + password + "\";"))
          .setConfigProp("allow.everyone.if.no.acl.found", "true")
          .setConfigProp("transaction.state.log.replication.factor", "1")
          .setConfigProp("transaction.state.log.min.isr", "1")
          .setConfigProp("offsets.topic.replication.factor", "1")
          .setConfigProp("transaction.max.timeout.ms", "900000")
          .setConfigProp("group.initial.rebalance.delay.ms", "0")
          .setConfigProp("num.partitions", "2")
          .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new TestBroker(cluster.bootstrapServers(), saslClient(password), cluster);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start the SASL test broker", e);
    }
  }

  /** An address where no broker runs, for applications that must cope with that. */
  public static TestBroker at(String address) {
    return new TestBroker(address, new Properties(), () -> { });
  }

  /** Client settings that log in to a {@link #startSasl SASL broker} with this password. */
  public static Properties saslClient(String password) {
    Properties properties = new Properties();
    properties.put("security.protocol", "SASL_PLAINTEXT");
    properties.put("sasl.mechanism", "PLAIN");
    properties.put("sasl.jaas.config", plainLogin(SASL_USER, password));
    return properties;
  }

  public static String plainLogin(String user, String password) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
        + "\" password=\"" + password + "\";";
  }

  public String bootstrapServers() {
    return bootstrapServers;
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
    props.putAll(clientSecurity);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return Admin.create(props);
  }

  public KafkaProducer<byte[], byte[]> producer() {
    Properties props = new Properties();
    props.putAll(clientSecurity);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * What a second producer with this transactional id does when it starts (a second instance of
   * an application, or a sink's writer aborting lingering transactions): initializes it, which
   * fences the producer that had it and aborts its open transaction.
   */
  public void takeOver(String transactionalId) {
    Properties props = new Properties();
    props.putAll(clientSecurity);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    try (KafkaProducer<byte[], byte[]> intruder =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      intruder.initTransactions();
    }
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
    props.putAll(clientSecurity);
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

  public static List<String> utf8Values(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(record -> utf8(record.value())).toList();
  }

  public static byte[] utf8(String text) {
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }

  public static String utf8(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      broker.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
