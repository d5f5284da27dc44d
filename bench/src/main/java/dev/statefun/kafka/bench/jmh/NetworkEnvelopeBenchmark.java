package dev.statefun.kafka.bench.jmh;

import dev.statefun.kafka.runtime.envelope.Envelope;
import dev.statefun.kafka.runtime.envelope.EnvelopeSerializer;
import dev.statefun.kafka.runtime.envelope.NetworkEnvelopeSerializer;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One ingress-record envelope of the bench workload (key {@code k1234}, a 100-byte value, ingress
 * {@code bench/input}, topic {@code input}, target {@code bench/counter}) through the serializer
 * of the {@code keyBy} edge, {@link NetworkEnvelopeSerializer}, taken from the job graph with the
 * graph's tables; and through the self-describing {@link EnvelopeSerializer} (delayed messages,
 * the feedback topic) for comparison. Flink's {@link DataOutputSerializer} and
 * {@link DataInputDeserializer} stand for the network buffers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@State(Scope.Thread)
public class NetworkEnvelopeBenchmark {

  private TypeSerializer<Envelope> network;
  private TypeSerializer<Envelope> selfDescribing;
  private Envelope envelope;
  private byte[] networkBytes;
  private byte[] selfDescribingBytes;
  private final DataOutputSerializer out = new DataOutputSerializer(256);
  private final DataInputDeserializer in = new DataInputDeserializer();

  @Setup
  public void setUp() throws IOException {
    try (CounterJob job = CounterJob.build()) {
      network = job.networkSerializer();
    }
    if (!(network instanceof NetworkEnvelopeSerializer)) {
      throw new IllegalStateException("The keyBy edge no longer uses NetworkEnvelopeSerializer but "
          + network.getClass().getName() + ": update this benchmark");
    }
    selfDescribing = new EnvelopeSerializer();
    envelope = CounterJob.envelope(CounterJob.record(1234, 10_000));
    networkBytes = roundTrip(network);
    selfDescribingBytes = roundTrip(selfDescribing);
    System.out.printf("%nenvelope bytes: network %d, self-describing %d%n", networkBytes.length,
        selfDescribingBytes.length);
  }

  /** The envelope's bytes, after checking they read back as the envelope. */
  private byte[] roundTrip(TypeSerializer<Envelope> serializer) throws IOException {
    out.clear();
    serializer.serialize(envelope, out);
    byte[] bytes = out.getCopyOfBuffer();
    in.setBuffer(bytes);
    Envelope read = serializer.deserialize(in);
    if (!read.key().equals(envelope.key()) || !Arrays.equals(read.record().value(), envelope.record().value())
        || read.record().timestamp() != envelope.record().timestamp()
        || !read.record().ingressId().equals(envelope.record().ingressId())) {
      throw new IllegalStateException(serializer.getClass().getSimpleName() + " does not read back " + envelope);
    }
    return bytes;
  }

  @Benchmark
  public int networkSerialize() throws IOException {
    out.clear();
    network.serialize(envelope, out);
    return out.length();
  }

  @Benchmark
  public Envelope networkDeserialize() throws IOException {
    in.setBuffer(networkBytes);
    return network.deserialize(in);
  }

  @Benchmark
  public int selfDescribingSerialize() throws IOException {
    out.clear();
    selfDescribing.serialize(envelope, out);
    return out.length();
  }

  @Benchmark
  public Envelope selfDescribingDeserialize() throws IOException {
    in.setBuffer(selfDescribingBytes);
    return selfDescribing.deserialize(in);
  }
}
