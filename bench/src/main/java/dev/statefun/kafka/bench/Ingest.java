package dev.statefun.kafka.bench;

import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A plain producer, {@code acks=all}, idempotent (the default): writes the workload to the output
 * topic as fast as it can, or at a fixed rate for the latency runs (then without end).
 */
public final class Ingest {

  public static void main(String[] argv) throws Exception {
    RunArgs args = RunArgs.parse(argv);
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, args.rate() > 0 ? "0" : "5");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    byte[] value = new byte[args.valueBytes()];
    ThreadLocalRandom.current().nextBytes(value);
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      long start = System.nanoTime();
      long limit = args.rate() > 0 ? Long.MAX_VALUE : args.records();
      for (long i = 0; i < limit && failure.get() == null; i++) {
        if (args.rate() > 0) {
          long due = start + i * 1_000_000_000L / args.rate();
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        producer.send(new ProducerRecord<>(args.outputTopic(), null, System.currentTimeMillis(),
            Workload.keyBytes(i, args.keys()), value), (metadata, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    RunArgs.idleUntilKilled();
  }
}
