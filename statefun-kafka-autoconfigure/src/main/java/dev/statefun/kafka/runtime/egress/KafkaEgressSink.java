package dev.statefun.kafka.runtime.egress;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink.PrecommittingStatefulSinkWriter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.lineage.LineageVertex;
import org.apache.flink.streaming.api.lineage.LineageVertexProvider;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink of one egress: Flink's {@link KafkaSink} as it is (same state, committables and
 * topology), except that a fenced or aborted transaction, in the writer or at commit, is
 * logged with what to change in the application ({@link TransactionFailureAdvice}); the failure
 * itself goes on to Flink unchanged, except from {@link Writer#close()} (see there); and that a
 * restored transaction the previous run had committed is not committed again
 * ({@link EgressCommitter}). Internal.
 */
final class KafkaEgressSink<IN> implements Sink<IN>, SupportsWriterState<IN, KafkaWriterState>,
    SupportsCommitter<KafkaCommittable>, SupportsPostCommitTopology<KafkaCommittable>, LineageVertexProvider {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(KafkaEgressSink.class);

  private final KafkaSink<IN> sink;
  private final TransactionFailureAdvice advice;
  private final Properties producerProperties;

  KafkaEgressSink(KafkaSink<IN> sink, TransactionFailureAdvice advice, Properties producerProperties) {
    this.sink = sink;
    this.advice = advice;
    this.producerProperties = producerProperties;
  }

  @Override
  public Writer<IN> createWriter(WriterInitContext context) throws IOException {
    return new Writer<>(sink.createWriter(context), advice);
  }

  @Override
  public Writer<IN> restoreWriter(WriterInitContext context, Collection<KafkaWriterState> states)
      throws IOException {
    return new Writer<>(sink.restoreWriter(context, states), advice);
  }

  @Override
  public SimpleVersionedSerializer<KafkaWriterState> getWriterStateSerializer() {
    return sink.getWriterStateSerializer();
  }

  @Override
  public Committer<KafkaCommittable> createCommitter(CommitterInitContext context) {
    return new EgressCommitter(sink.createCommitter(context), new RecoveredTransactionCheck(producerProperties), advice);
  }

  @Override
  public SimpleVersionedSerializer<KafkaCommittable> getCommittableSerializer() {
    return sink.getCommittableSerializer();
  }

  @Override
  public void addPostCommitTopology(DataStream<CommittableMessage<KafkaCommittable>> committables) {
    sink.addPostCommitTopology(committables);
  }

  @Override
  public LineageVertex getLineageVertex() {
    return sink.getLineageVertex();
  }

  /** The Kafka writer, advising on the failures it passes on. */
  static final class Writer<IN> implements StatefulSinkWriter<IN, KafkaWriterState>,
      CommittingSinkWriter<IN, KafkaCommittable> {

    private final PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> writer;
    private final TransactionFailureAdvice advice;

    Writer(PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> writer,
        TransactionFailureAdvice advice) {
      this.writer = writer;
      this.advice = advice;
    }

    @Override
    public void write(IN element, Context context) throws IOException, InterruptedException {
      try {
        writer.write(element, context);
      } catch (Exception e) {
        advice.adviseOn(e, "writing");
        throw e;
      }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
      try {
        writer.flush(endOfInput);
      } catch (Exception e) {
        advice.adviseOn(e, "flushing");
        throw e;
      }
    }

    @Override
    public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
      writer.writeWatermark(watermark);
    }

    @Override
    public Collection<KafkaCommittable> prepareCommit() throws IOException, InterruptedException {
      try {
        return writer.prepareCommit();
      } catch (Exception e) {
        advice.adviseOn(e, "preparing the commit");
        throw e;
      }
    }

    @Override
    public List<KafkaWriterState> snapshotState(long checkpointId) throws IOException {
      try {
        return writer.snapshotState(checkpointId);
      } catch (Exception e) {
        advice.adviseOn(e, "taking checkpoint " + checkpointId);
        throw e;
      }
    }

    /**
     * A failed send has already failed the task when the writer is closed; Kafka's writer throws
     * it again from {@code close()}, and Flink takes an exception while cleaning up a failed task
     * as fatal and stops the TaskManager, which leaves an embedded cluster with nothing to restart
     * the job on. So it is logged here instead.
     */
    @Override
    public void close() {
      try {
        writer.close();
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (!advice.adviseOn(e, "closing the writer")) {
          LOG.warn("Closing the Kafka writer failed after an earlier failure: {}", e.toString());
        }
      }
    }
  }
}
