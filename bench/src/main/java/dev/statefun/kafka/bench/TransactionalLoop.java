package dev.statefun.kafka.bench;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The exactly-once limit with plain kafka-clients: one thread per parallel instance, each owning
 * a fixed share of the input partitions, consume → count per key in a HashMap → produce, and
 * every commit interval {@code sendOffsetsToTransaction} + {@code commitTransaction}.
 *
 * <p>A restart (after a kill -9) continues where the last commit left off: {@code initTransactions}
 * aborts what the dead instance left open, the consumer resumes at the committed offsets, and the
 * counts are read back from the committed output ({@code read_committed}) of the instance's own
 * partitions: output and input share the key partitioner and partition count, so a key's counts
 * land in the partition of the same number as its input, which only this instance writes.
 */
public final class TransactionalLoop {

  public static void main(String[] argv) throws Exception {
    RunArgs args = RunArgs.parse(argv);
    List<TopicPartition> partitions;
    try (KafkaConsumer<byte[], byte[]> probe = new KafkaConsumer<>(consumerProps(args))) {
      partitions = probe.partitionsFor(args.inputTopic()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < args.parallelism(); i++) {
      List<TopicPartition> mine = new ArrayList<>();
      for (int p = i; p < partitions.size(); p += args.parallelism()) {
        mine.add(partitions.get(p));
      }
      int instance = i;
      Thread thread = new Thread(() -> run(args, instance, mine), "loop-" + i);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    RunArgs.idleUntilKilled();
  }

  private static Properties consumerProps(RunArgs args) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "tx-loop-" + args.runId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }

  /** The last committed count of every key in the output partitions numbered as {@code inputPartitions}. */
  private static Map<String, Long> committedCounts(RunArgs args, List<TopicPartition> inputPartitions) {
    List<TopicPartition> outputs = inputPartitions.stream()
        .map(p -> new TopicPartition(args.outputTopic(), p.partition())).toList();
    Properties props = consumerProps(args);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20000");
    Map<String, Long> counts = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(props)) {
      reader.assign(outputs);
      reader.seekToBeginning(outputs);
      Map<TopicPartition, Long> end = reader.endOffsets(outputs);
      while (outputs.stream().anyMatch(p -> reader.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(100))) {
          counts.merge(new String(record.key(), StandardCharsets.UTF_8), ByteBuffer.wrap(record.value()).getLong(),
              Math::max);
        }
      }
    }
    return counts;
  }

  private static void run(RunArgs args, int instance, List<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args.bootstrapServers());
    producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-loop-" + args.runId() + "-" + instance);
    producerProps.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "60000");
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    long commitEvery = args.checkpointInterval().toMillis();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(args));
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
      consumer.assign(partitions);
      long begin = System.nanoTime();
      producer.initTransactions();
      long initialized = System.nanoTime();
      Map<String, Long> counts = committedCounts(args, partitions);
      // where a restart's time goes, in the log: JVM uptime, initTransactions, reading the counts back
      System.out.printf("loop-%d: at %d ms of JVM uptime initTransactions took %d ms, reading back %d counts %d ms%n",
          instance, ManagementFactory.getRuntimeMXBean().getUptime(), (initialized - begin) / 1_000_000,
          counts.size(), (System.nanoTime() - initialized) / 1_000_000);
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      boolean open = false;
      long opened = 0;
      while (true) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        if (!records.isEmpty() && !open) {
          producer.beginTransaction();
          open = true;
          opened = System.currentTimeMillis();
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
          String key = new String(record.key(), StandardCharsets.UTF_8);
          long count = counts.merge(key, 1L, Long::sum);
          producer.send(new ProducerRecord<>(args.outputTopic(), record.key(),
              Workload.outputValue(count, record.timestamp(), System.currentTimeMillis())));
          offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        }
        if (open && System.currentTimeMillis() - opened >= commitEvery) {
          producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
          producer.commitTransaction();
          offsets.clear();
          open = false;
        }
      }
    }
  }
}
