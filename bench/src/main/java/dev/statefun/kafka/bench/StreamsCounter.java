package dev.statefun.kafka.bench;

import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Kafka Streams with the same per-key count in an in-memory store (changelogged, as Streams
 * does by default), one stream thread per parallel instance, commit interval = checkpoint interval.
 */
public final class StreamsCounter {

  private static final String STORE = "counts";

  public static void main(String[] argv) throws Exception {
    RunArgs args = RunArgs.parse(argv);
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(),
        Serdes.Long()));
    builder.stream(args.inputTopic(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
        .process(CountProcessor::new, STORE)
        .to(args.outputTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "streams-" + args.runId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
        args.exactlyOnce() ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, args.parallelism());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, args.checkpointInterval().toMillis());
    props.put(StreamsConfig.STATE_DIR_CONFIG, args.dir());
    props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    props.put(StreamsConfig.producerPrefix("transaction.timeout.ms"), 60000);
    KafkaStreams streams = new KafkaStreams(builder.build(), props);
    streams.start();
    Thread.sleep(Long.MAX_VALUE);
  }

  private static final class CountProcessor implements Processor<String, byte[], String, byte[]> {
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, Long> store;

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
      this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      Long previous = store.get(record.key());
      long count = previous == null ? 1 : previous + 1;
      store.put(record.key(), count);
      context.forward(record.withValue(Workload.outputValue(count, record.timestamp(), System.currentTimeMillis())));
    }
  }
}
