package dev.statefun.kafka.runtime.egress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.testing.TestBroker;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.internal.FlinkKafkaInternalProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the broker (Kafka 4, transaction version 2: a commit bumps the epoch) says about the
 * transaction of a recovered committable: committed only when this very transaction was
 * committed; not when it is open or aborted, or when another producer took over its
 * transactional id, whether before or after the commit.
 */
class RecoveredTransactionCheckITCase {

  static final TestBroker BROKER = TestBroker.start();
  static final String TOPIC = "check-out";

  @BeforeAll
  static void createTopic() {
    BROKER.createTopic(TOPIC, 1);
  }

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  @Test
  void aCommittedTransactionIsCommitted() {
    KafkaCommittable committable;
    try (FlinkKafkaInternalProducer<byte[], byte[]> producer = transactionWithARecord("committed")) {
      committable = recovered(producer);
      producer.commitTransaction();
    }
    assertThat(committed(committable)).containsExactly("committed");
  }

  @Test
  void anOpenTransactionIsNot() {
    try (FlinkKafkaInternalProducer<byte[], byte[]> producer = transactionWithARecord("open")) {
      assertThat(committed(recovered(producer))).isEmpty();
    }
  }

  @Test
  void anAbortedTransactionIsNot() {
    KafkaCommittable committable;
    try (FlinkKafkaInternalProducer<byte[], byte[]> producer = transactionWithARecord("aborted")) {
      committable = recovered(producer);
      producer.abortTransaction();
    }
    assertThat(committed(committable)).isEmpty();
  }

  @Test
  void aTransactionFencedBeforeItsCommitIsNot() {
    KafkaCommittable committable;
    try (FlinkKafkaInternalProducer<byte[], byte[]> producer = transactionWithARecord("fenced-open")) {
      committable = recovered(producer);
      BROKER.takeOver("fenced-open");
    }
    assertThat(committed(committable)).isEmpty();
  }

  @Test
  void aTransactionWhoseIdWasTakenOverAfterItsCommitIsNotProvablyOurs() {
    KafkaCommittable committable;
    try (FlinkKafkaInternalProducer<byte[], byte[]> producer = transactionWithARecord("fenced-committed")) {
      committable = recovered(producer);
      producer.commitTransaction();
    }
    BROKER.takeOver("fenced-committed");
    assertThat(committed(committable)).isEmpty();
  }

  @Test
  void severalAtOnceEachOnItsOwn() {
    KafkaCommittable committed;
    KafkaCommittable aborted;
    try (FlinkKafkaInternalProducer<byte[], byte[]> first = transactionWithARecord("several-committed");
        FlinkKafkaInternalProducer<byte[], byte[]> second = transactionWithARecord("several-aborted")) {
      committed = recovered(first);
      aborted = recovered(second);
      first.commitTransaction();
      second.abortTransaction();
    }
    KafkaCommittable unknown = new KafkaCommittable(123_456L, (short) 0, "never-used", null);
    try (RecoveredTransactionCheck check = new RecoveredTransactionCheck(producerProperties())) {
      assertThat(check.committed(List.of(committed, aborted, unknown))).containsExactly("several-committed");
    }
  }

  private static Set<String> committed(KafkaCommittable committable) {
    try (RecoveredTransactionCheck check = new RecoveredTransactionCheck(producerProperties())) {
      return check.committed(List.of(committable));
    }
  }

  /** The committable as a restored checkpoint holds it: ids and epoch, no producer. */
  private static KafkaCommittable recovered(FlinkKafkaInternalProducer<?, ?> producer) {
    return new KafkaCommittable(producer.getProducerId(), producer.getEpoch(), producer.getTransactionalId(), null);
  }

  private static FlinkKafkaInternalProducer<byte[], byte[]> transactionWithARecord(String transactionalId) {
    FlinkKafkaInternalProducer<byte[], byte[]> producer = new FlinkKafkaInternalProducer<>(producerProperties(),
        transactionalId);
    producer.initTransactions();
    producer.beginTransaction();
    producer.send(new ProducerRecord<>(TOPIC, TestBroker.utf8(transactionalId)));
    producer.flush();
    return producer;
  }

  private static Properties producerProperties() {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers());
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    // producer-only settings the check must leave out of its admin client
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return properties;
  }
}
