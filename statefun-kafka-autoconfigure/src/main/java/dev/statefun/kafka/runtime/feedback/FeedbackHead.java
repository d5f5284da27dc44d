package dev.statefun.kafka.runtime.feedback;

import dev.statefun.kafka.runtime.envelope.Envelope;
import dev.statefun.kafka.runtime.envelope.EnvelopeSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.state.CheckpointStreamFactory;
import org.apache.flink.runtime.state.KeyGroupStatePartitionStreamProvider;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFutures;
import org.apache.flink.streaming.api.operators.YieldingOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start of the loop, chained in front of the dispatcher with the same key: it passes the
 * ingress envelopes on, and, on its task thread, the messages the {@link FeedbackTail} of its
 * parallel instance hands over.
 *
 * <p>Exactly-once with a cycle, as StateFun did it: from its snapshot of a checkpoint on, the
 * head logs every message that comes round, until the marker the tail sends after that
 * checkpoint's barrier comes round too. Those messages were sent before the checkpoint (the
 * senders' state has them sent) and arrived after it (the receivers' state has them not yet
 * received): the log is the in-flight part of the checkpoint. It goes into the checkpoint as
 * raw keyed state, which keeps the checkpoint open until the marker; on restore the logged
 * messages are delivered first, before any input. This needs aligned checkpoints: with
 * unaligned ones the dispatcher could snapshot before messages sent before the barrier reached
 * the tail, and they would be lost.
 *
 * <p>Internal.
 */
public final class FeedbackHead extends AbstractStreamOperator<Envelope>
    implements OneInputStreamOperator<Envelope, Envelope>, YieldingOperator<Envelope> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(FeedbackHead.class);

  /** Log pages kept in memory per parallel instance before a log spills to disk. */
  public static final long DEFAULT_LOG_MEMORY = 32L * 1024 * 1024;

  static final String UNALIGNED_CHECKPOINTS = "Unaligned checkpoints are not supported by stateful functions: the feedback"
      + " loop between functions needs aligned checkpoints to deliver each message exactly once. Set"
      + " execution.checkpointing.unaligned.enabled to false";

  private final long logMemory;

  private transient MailboxExecutor mailbox;
  private transient FeedbackChannel channel;
  private transient CheckpointLogs logs;
  private transient LogMemory memory;
  private transient EnvelopeSerializer logSerializer;
  private transient StreamRecord<Envelope> record;

  public FeedbackHead(long logMemory) {
    this.logMemory = logMemory;
  }

  /** Called by Flink when it creates the operator: the head takes the channel's messages as mails. */
  @Override
  public void setMailboxExecutor(MailboxExecutor mailboxExecutor) {
    super.setMailboxExecutor(mailboxExecutor);
    this.mailbox = mailboxExecutor;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    record = new StreamRecord<>(null);
    logSerializer = new EnvelopeSerializer();
    memory = new LogMemory(logMemory);
    logs = new CheckpointLogs();
    // the dispatcher after this head is open already (a chain opens from its end): logged
    // messages are delivered before anything else
    long replayed = 0;
    for (KeyGroupStatePartitionStreamProvider section : context.getRawKeyedStateInputs()) {
      replayed += FeedbackLog.replay(section.getStream(), logSerializer, this::emit);
    }
    if (replayed > 0) {
      LOG.info("Delivered {} messages between functions that were in flight when the restored snapshot was taken",
          replayed);
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    channel = FeedbackChannels.acquire(getRuntimeContext());
    channel.register(this::fromTail, command -> mailbox.execute(command::run, "feedback"));
  }

  @Override
  public void processElement(StreamRecord<Envelope> element) {
    output.collect(element);
  }

  /** Nothing here is read by key (the log is written per key group): Flink need not set the key of each record. */
  @Override
  public boolean hasKeyContext1() {
    return false;
  }

  private void fromTail(Object item) {
    if (item instanceof CheckpointMarker marker) {
      try {
        logs.finishUntil(marker.checkpointId());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write the feedback log of checkpoint " + marker.checkpointId(), e);
      }
      return;
    }
    Envelope envelope = (Envelope) item;
    if (!logs.isEmpty()) {
      logs.append(envelope);
    }
    emit(envelope);
  }

  private void emit(Envelope envelope) {
    output.collect(record.replace(envelope));
  }

  @Override
  public OperatorSnapshotFutures snapshotState(long checkpointId, long timestamp, CheckpointOptions options,
      CheckpointStreamFactory factory) throws Exception {
    if (options.isUnalignedCheckpoint()) {
      throw new FlinkRuntimeException(UNALIGNED_CHECKPOINTS);
    }
    return super.snapshotState(checkpointId, timestamp, options, factory);
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    logs.start(context.getCheckpointId(), new FeedbackLog(context.getRawKeyedOperatorStateOutput(), memory,
        getContainingTask().getEnvironment().getIOManager(), getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks(),
        logSerializer));
  }

  @Override
  protected boolean isUsingCustomRawKeyedState() {
    return true;
  }

  @Override
  public void notifyCheckpointAborted(long checkpointId) throws Exception {
    super.notifyCheckpointAborted(checkpointId);
    logs.abort(checkpointId);
  }

  @Override
  public void close() throws Exception {
    try {
      if (channel != null) {
        channel.unregister();
        channel = null;
        FeedbackChannels.release(getRuntimeContext());
      }
      if (logs != null) {
        logs.close();
      }
    } finally {
      super.close();
    }
  }
}
