package dev.statefun.kafka.runtime.egress;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
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
 * itself goes on to Flink unchanged, except from {@link Writer#close()} (see there). Internal.
 */
final class KafkaEgressSink<IN> implements Sink<IN>, SupportsWriterState<IN, KafkaWriterState>,
    SupportsCommitter<KafkaCommittable>, SupportsPostCommitTopology<KafkaCommittable>, LineageVertexProvider {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(KafkaEgressSink.class);

  private final KafkaSink<IN> sink;
  private final TransactionFailureAdvice advice;

  KafkaEgressSink(KafkaSink<IN> sink, TransactionFailureAdvice advice) {
    this.sink = sink;
    this.advice = advice;
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
    Committer<KafkaCommittable> committer = sink.createCommitter(context);
    return new Committer<>() {
      @Override
      public void commit(Collection<CommitRequest<KafkaCommittable>> requests)
          throws IOException, InterruptedException {
        committer.commit(requests.stream().<CommitRequest<KafkaCommittable>>map(AdvisedCommitRequest::new).toList());
      }

      @Override
      public void close() throws Exception {
        committer.close();
      }
    };
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

  /** A commit request that advises when the committer gives up on it. */
  private final class AdvisedCommitRequest implements Committer.CommitRequest<KafkaCommittable> {

    private final Committer.CommitRequest<KafkaCommittable> request;

    AdvisedCommitRequest(Committer.CommitRequest<KafkaCommittable> request) {
      this.request = request;
    }

    @Override
    public KafkaCommittable getCommittable() {
      return request.getCommittable();
    }

    @Override
    public int getNumberOfRetries() {
      return request.getNumberOfRetries();
    }

    @Override
    public void signalFailedWithKnownReason(Throwable t) {
      advice.adviseOn(t, "committing " + request.getCommittable());
      request.signalFailedWithKnownReason(t);
    }

    @Override
    public void signalFailedWithUnknownReason(Throwable t) {
      advice.adviseOn(t, "committing " + request.getCommittable());
      request.signalFailedWithUnknownReason(t);
    }

    @Override
    public void retryLater() {
      request.retryLater();
    }

    @Override
    public void updateAndRetryLater(KafkaCommittable committable) {
      request.updateAndRetryLater(committable);
    }

    @Override
    public void signalAlreadyCommitted() {
      request.signalAlreadyCommitted();
    }

    @Override
    public String toString() {
      return request.toString();
    }
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
