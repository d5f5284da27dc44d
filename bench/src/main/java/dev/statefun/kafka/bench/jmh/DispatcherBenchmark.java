package dev.statefun.kafka.bench.jmh;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.statefun.kafka.bench.FlinkCounter;
import dev.statefun.kafka.bench.StatefunCounterApp.Counted;
import dev.statefun.kafka.runtime.envelope.Envelope;
import dev.statefun.kafka.runtime.envelope.IngressRecord;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The keyed operator's cost per record, ours against plain Flink, each in Flink's keyed operator
 * test harness (parallelism 1, heap state) with the records of the bench workload over
 * {@value #KEYS} keys, round robin; outputs go to a {@link DiscardingOutput}.
 *
 * <ul>
 *   <li>{@code statefun}: the dispatcher operator of statefun-kafka's job graph for bench's
 *       counter ({@link CounterJob}), with the graph's key selector; per record a fresh envelope
 *       as the network deserializer hands it over (new address, new id string); the operator
 *       decodes the record with the ingress deserializer, runs the counter function
 *       ({@code ValueSpec<Long>}) and sends the count to the egress side output.
 *   <li>{@code statefunTyped}: the same, with the counter written as a typed function
 *       ({@code @StatefulFunctionType} with a {@code @Handler} for the {@code Long} input) instead of
 *       a {@code StatefulFunction} class.
 *   <li>{@code statefunReusedEnvelopes}: the same, with the same 10 000 envelope objects over and
 *       over: their addresses keep the key string they built once, so the difference to
 *       {@code statefun} is what building and hashing the address key costs per record.
 *   <li>{@code plainFlink}: bench's {@link FlinkCounter.Count} (a {@code KeyedProcessFunction}
 *       with {@code ValueState<Long>}) in a {@link KeyedProcessOperator}, keyed by the key string,
 *       as {@link FlinkCounter} builds it; per record a fresh key string, as Flink's string
 *       serializer hands it over.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class DispatcherBenchmark {

  static final int KEYS = 10_000;

  /** The bench workload's records, one per key, each with its envelope. */
  @State(Scope.Thread)
  public static class Workload {
    final IngressRecord[] records = new IngressRecord[KEYS];
    final Envelope[] envelopes = new Envelope[KEYS];
    final byte[][] keys = new byte[KEYS][];
    int next;

    @Setup
    public void setUp() {
      for (int i = 0; i < KEYS; i++) {
        records[i] = CounterJob.record(i, KEYS);
        envelopes[i] = CounterJob.envelope(records[i]);
        keys[i] = records[i].key();
      }
    }

    int next() {
      int i = next;
      next = i + 1 == KEYS ? 0 : i + 1;
      return i;
    }
  }

  /** The dispatcher of the counter job in the harness. */
  @State(Scope.Thread)
  public static class Statefun {
    CounterJob job;
    KeyedOneInputStreamOperatorTestHarness<?, Envelope, Envelope> harness;
    DiscardingOutput<Envelope> output;
    final StreamRecord<Envelope> element = new StreamRecord<>(null);
    long processed;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      job = buildJob();
      harness = job.dispatcherHarness();
      output = DiscardingOutput.openWith(harness);
    }

    CounterJob buildJob() {
      return CounterJob.build();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      harness.close();
      job.close();
      // every record counted once and sent to the egress, nothing to the feedback output
      if (output.sideOutputRecords != processed || output.records != 0
          || !(output.last instanceof Counted counted) || counted.count() != (processed - 1) / KEYS + 1) {
        throw new IllegalStateException("The dispatcher did not count: " + processed + " records in, "
            + output.sideOutputRecords + " egress records and " + output.records + " other records out, last "
            + output.last);
      }
    }
  }

  /** The same, with the counter written as a typed function ({@code @Handler}). */
  @State(Scope.Thread)
  public static class TypedStatefun extends Statefun {
    @Override
    CounterJob buildJob() {
      return CounterJob.buildTyped();
    }
  }

  /** bench's plain Flink count in the harness. */
  @State(Scope.Thread)
  public static class PlainFlink {
    KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, Long>, Tuple2<String, byte[]>> harness;
    DiscardingOutput<Tuple2<String, byte[]>> output;
    final StreamRecord<Tuple2<String, Long>> element = new StreamRecord<>(null);
    long processed;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new FlinkCounter.Count()),
          record -> record.f0, Types.STRING, 128, 1, 0);
      output = DiscardingOutput.openWith(harness);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      harness.close();
      if (output.records != processed) {
        throw new IllegalStateException("The count did not count: " + processed + " records in, "
            + output.records + " out");
      }
    }
  }

  @Benchmark
  public void statefun(Workload workload, Statefun statefun) throws Exception {
    IngressRecord record = workload.records[workload.next()];
    statefun.harness.processElement(statefun.element.replace(CounterJob.envelope(record)));
    statefun.processed++;
  }

  @Benchmark
  public void statefunTyped(Workload workload, TypedStatefun statefun) throws Exception {
    IngressRecord record = workload.records[workload.next()];
    statefun.harness.processElement(statefun.element.replace(CounterJob.envelope(record)));
    statefun.processed++;
  }

  @Benchmark
  public void statefunReusedEnvelopes(Workload workload, Statefun statefun) throws Exception {
    statefun.harness.processElement(statefun.element.replace(workload.envelopes[workload.next()]));
    statefun.processed++;
  }

  @Benchmark
  public void plainFlink(Workload workload, PlainFlink flink) throws Exception {
    int i = workload.next();
    flink.harness.processElement(flink.element.replace(Tuple2.of(new String(workload.keys[i], UTF_8),
        workload.records[i].timestamp())));
    flink.processed++;
  }
}
