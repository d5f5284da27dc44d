package dev.statefun.kafka.bench;

import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Plain Flink, as a Flink user would write the count: KafkaSource → keyBy → KeyedProcessFunction
 * with {@code ValueState<Long>} → KafkaSink exactly-once, on a local MiniCluster with the same
 * checkpoint interval, hashmap state backend and file checkpoint storage as statefun-kafka.
 * Checkpoints are retained; with {@code -Dbench.restore=latest} (a recovery probe) the job restores
 * the newest completed one in its checkpoint directory, as a user restarts a crashed job with
 * {@code execution.state-recovery.path}.
 */
public final class FlinkCounter {

  public static void main(String[] argv) throws Exception {
    RunArgs args = RunArgs.parse(argv);
    Configuration conf = new Configuration();
    conf.set(CoreOptions.DEFAULT_PARALLELISM, args.parallelism());
    conf.set(PipelineOptions.OBJECT_REUSE, true);
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, args.checkpointInterval());
    conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, Path.of(args.dir()).toUri().toString());
    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    if ("latest".equals(System.getProperty(Bench.RESTORE_PROPERTY))) {
      newestCheckpoint(Path.of(args.dir())).ifPresent(checkpoint -> {
        System.out.println("Restoring from " + checkpoint);
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, checkpoint.toUri().toString());
      });
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);

    KafkaSource<Tuple2<String, Long>> source = KafkaSource.<Tuple2<String, Long>>builder()
        .setBootstrapServers(args.bootstrapServers())
        .setTopics(args.inputTopic())
        .setGroupId("flink-" + args.runId())
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setDeserializer(new KeyAndTimestamp())
        .build();
    KafkaSink<Tuple2<String, byte[]>> sink = KafkaSink.<Tuple2<String, byte[]>>builder()
        .setBootstrapServers(args.bootstrapServers())
        .setDeliveryGuarantee(args.exactlyOnce() ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
        .setTransactionalIdPrefix("flink-" + args.runId())
        .setProperty("transaction.timeout.ms", "60000")
        .setRecordSerializer(new CountRecord(args.outputTopic()))
        .build();
    env.fromSource(source, WatermarkStrategy.noWatermarks(), "input")
        .keyBy(record -> record.f0, Types.STRING)
        .process(new Count(), Types.TUPLE(Types.STRING, Types.PRIMITIVE_ARRAY(Types.BYTE)))
        .sinkTo(sink);
    env.executeAsync("plain flink count");
    RunArgs.idleUntilKilled();
  }

  /** The newest completed checkpoint ({@code <job id>/chk-<n>} with its {@code _metadata}) under {@code dir}. */
  static Optional<Path> newestCheckpoint(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.find(dir, 3, (path, attributes) -> path.getFileName().toString().equals("_metadata")
        && path.getParent().getFileName().toString().startsWith("chk-"))) {
      return files.max(Comparator.comparing(FlinkCounter::modified)).map(Path::getParent);
    }
  }

  private static FileTime modified(Path path) {
    try {
      return Files.getLastModifiedTime(path);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  static final class KeyAndTimestamp implements KafkaRecordDeserializationSchema<Tuple2<String, Long>> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Tuple2<String, Long>> out) {
      out.collect(Tuple2.of(new String(record.key(), StandardCharsets.UTF_8), record.timestamp()));
    }

    @Override
    public TypeInformation<Tuple2<String, Long>> getProducedType() {
      return Types.TUPLE(Types.STRING, Types.LONG);
    }
  }

  /** The count; also run by the JMH dispatcher benchmark. */
  public static final class Count extends KeyedProcessFunction<String, Tuple2<String, Long>, Tuple2<String, byte[]>> {
    private transient ValueState<Long> count;

    @Override
    public void open(OpenContext openContext) {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    }

    @Override
    public void processElement(Tuple2<String, Long> record, Context context, Collector<Tuple2<String, byte[]>> out)
        throws Exception {
      Long previous = count.value();
      long next = previous == null ? 1 : previous + 1;
      count.update(next);
      out.collect(Tuple2.of(record.f0, Workload.outputValue(next, record.f1, System.currentTimeMillis())));
    }
  }

  static final class CountRecord implements KafkaRecordSerializationSchema<Tuple2<String, byte[]>> {
    private final String topic;

    CountRecord(String topic) {
      this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(Tuple2<String, byte[]> element, KafkaSinkContext context,
        Long timestamp) {
      return new ProducerRecord<>(topic, element.f0.getBytes(StandardCharsets.UTF_8), element.f1);
    }
  }
}
