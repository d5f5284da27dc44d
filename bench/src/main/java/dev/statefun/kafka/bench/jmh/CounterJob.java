package dev.statefun.kafka.bench.jmh;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.statefun.kafka.annotation.Handler;
import dev.statefun.kafka.annotation.StatefulFunctionType;
import dev.statefun.kafka.annotation.TypedFunctions;
import dev.statefun.kafka.bench.StatefunCounterApp;
import dev.statefun.kafka.bench.StatefunCounterApp.Counted;
import dev.statefun.kafka.bench.StatefunCounterApp.Counter;
import dev.statefun.kafka.io.KafkaEgressBuilder;
import dev.statefun.kafka.io.KafkaIngressBuilder;
import dev.statefun.kafka.io.KafkaIngressDeserializer;
import dev.statefun.kafka.runtime.RuntimeSettings;
import dev.statefun.kafka.runtime.envelope.Envelope;
import dev.statefun.kafka.runtime.envelope.IngressRecord;
import dev.statefun.kafka.runtime.graph.StatefulFunctionsJobGraph;
import dev.statefun.kafka.runtime.universe.LocalUniverseHandle;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.Context;
import dev.statefun.kafka.sdk.IngressIdentifier;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import dev.statefun.kafka.sdk.ValueSpec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * bench's statefun contender ({@link StatefunCounterApp}) bound in plain Java, without Spring:
 * one ingress {@code bench/input} on topic {@code input} targeting the counter, whose deserializer
 * reads the record timestamp; the counter function with its {@code ValueSpec<Long>}; one
 * exactly-once egress. From it, the job graph statefun-kafka builds at parallelism 1 (nothing
 * connects to Kafka while a graph is built). The benchmarks take their pieces from that graph,
 * the dispatcher operator, its key selector and key type, the envelopes' network serializer, so
 * they measure what the job runs even when the runtime changes how it builds them.
 */
final class CounterJob implements AutoCloseable {

  static final String INGRESS = "bench/input";
  static final String TOPIC = "input";

  private final LocalUniverseHandle handle;
  private final RuntimeSettings settings;
  private final OneInputTransformation<Envelope, Envelope> dispatcher;
  private final StreamExecutionEnvironment env;

  private CounterJob(LocalUniverseHandle handle, RuntimeSettings settings, StreamExecutionEnvironment env,
      OneInputTransformation<Envelope, Envelope> dispatcher) {
    this.handle = handle;
    this.settings = settings;
    this.env = env;
    this.dispatcher = dispatcher;
  }

  /** Binds the universe, registers it in this JVM and builds the job graph; {@link #close()} releases it. */
  static CounterJob build() {
    return build(StatefulFunctionSpec.builder(StatefunCounterApp.COUNTER)
        .withValueSpecs(StatefunCounterApp.COUNT)
        .withSupplier(Counter::new)
        .build());
  }

  /** The same job with the counter written as a typed function: a {@code @Handler} for the {@code Long} input. */
  static CounterJob buildTyped() {
    // a local class: the component scan of StatefunCounterApp, which binds the other form, skips it
    @StatefulFunctionType("bench/counter")
    final class TypedCounter {
      static final ValueSpec<Long> COUNT = StatefunCounterApp.COUNT;

      @Handler
      void count(Context context, Long inputTimestamp) {
        long count = context.storage().get(COUNT).orElse(0L) + 1;
        context.storage().set(COUNT, count);
        context.send(StatefunCounterApp.COUNTS,
            new Counted(context.self().id(), count, inputTimestamp, System.currentTimeMillis()));
      }
    }
    return build(TypedFunctions.specOf(new TypedCounter()));
  }

  private static CounterJob build(StatefulFunctionSpec counter) {
    StatefulFunctionsUniverse universe = new StatefulFunctionsUniverse().from("the JMH counter job");
    KafkaIngressDeserializer<Long> inputTimestamp = record -> record.timestamp();
    universe.bindIngress(KafkaIngressBuilder.forIdentifier(IngressIdentifier.parse(INGRESS, Long.class))
        .withConsumerGroupId("jmh")
        .withTopic(TOPIC)
        .withDeserializer(inputTimestamp)
        .withTargets(StatefunCounterApp.COUNTER)
        .build());
    universe.bindEgress(KafkaEgressBuilder.forIdentifier(StatefunCounterApp.COUNTS)
        .withSerializer((Counted counted) -> new ProducerRecord<>("output", counted.key().getBytes(UTF_8), new byte[0]))
        .withExactlyOnceProducerSemantics(Duration.ofMinutes(1))
        .build());
    universe.bindFunction(counter);
    universe.validate();

    String applicationId = "jmh-" + UUID.randomUUID();
    LocalUniverseHandle handle = LocalUniverseHandle.register(applicationId, universe);
    RuntimeSettings settings = RuntimeSettings.defaults(applicationId, "localhost:9092");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    new StatefulFunctionsJobGraph(universe, handle, settings).addTo(env);
    return new CounterJob(handle, settings, env, findDispatcher(env));
  }

  @SuppressWarnings("unchecked")
  private static OneInputTransformation<Envelope, Envelope> findDispatcher(StreamExecutionEnvironment env) {
    Deque<Transformation<?>> open = new ArrayDeque<>(env.getTransformations());
    while (!open.isEmpty()) {
      Transformation<?> transformation = open.poll();
      if (StatefulFunctionsJobGraph.DISPATCHER_UID.equals(transformation.getUid())) {
        return (OneInputTransformation<Envelope, Envelope>) transformation;
      }
      open.addAll(transformation.getInputs());
    }
    throw new IllegalStateException("The job graph has no operator with uid " + StatefulFunctionsJobGraph.DISPATCHER_UID);
  }

  /** The serializer of the edge into the dispatcher (the {@code keyBy}): the envelopes' network form. */
  TypeSerializer<Envelope> networkSerializer() {
    return dispatcher.getInputType().createSerializer(env.getConfig().getSerializerConfig());
  }

  /**
   * The dispatcher operator of this graph in Flink's keyed operator test harness, with the
   * graph's key selector and key type, subtask 0 of 1 with the graph's max parallelism. Use it
   * once: the graph holds one operator instance.
   */
  KeyedOneInputStreamOperatorTestHarness<?, Envelope, Envelope> dispatcherHarness() throws Exception {
    return harness(dispatcher, settings.maxParallelism());
  }

  @SuppressWarnings("unchecked")
  private static <K> KeyedOneInputStreamOperatorTestHarness<K, Envelope, Envelope> harness(
      OneInputTransformation<Envelope, Envelope> transformation, int maxParallelism) throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(transformation.getOperatorFactory(),
        (KeySelector<Envelope, K>) transformation.getStateKeySelector(),
        (TypeInformation<K>) transformation.getStateKeyType(), maxParallelism, 1, 0);
  }

  /** Record {@code offset} of the bench workload: key {@code k<offset mod keys>}, a 100-byte value, no headers. */
  static IngressRecord record(long offset, int keys) {
    byte[] key = ("k" + offset % keys).getBytes(UTF_8);
    byte[] value = new byte[100];
    Arrays.fill(value, (byte) 'v');
    return new IngressRecord(INGRESS, TOPIC, (int) (offset % 4), offset, 1_700_000_000_000L + offset, key, value,
        null);
  }

  /** The envelope the ingress router makes of a record, and the network deserializer makes again after the shuffle. */
  static Envelope envelope(IngressRecord record) {
    return Envelope.ofRecord(new Address(StatefunCounterApp.COUNTER, new String(record.key(), UTF_8)), record);
  }

  @Override
  public void close() {
    handle.release();
  }
}
