package dev.statefun.kafka.runtime.feedback;

import dev.statefun.kafka.runtime.envelope.Envelope;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The end of the loop: receives the dispatchers' messages for the addresses of its parallel
 * instance (keyed by the target's id) and hands each to the {@link FeedbackHead} of the same
 * instance through their channel. Once it has seen a checkpoint's barrier from every
 * dispatcher, before it acknowledges the checkpoint, it sends that checkpoint's marker round.
 *
 * <p>Internal.
 */
public final class FeedbackTail extends AbstractStreamOperator<Void> implements OneInputStreamOperator<Envelope, Void> {

  private static final long serialVersionUID = 1L;

  private transient FeedbackChannel channel;

  @Override
  public void open() throws Exception {
    super.open();
    channel = FeedbackChannels.acquire(getRuntimeContext());
  }

  @Override
  public void processElement(StreamRecord<Envelope> element) {
    channel.put(element.getValue());
  }

  /** Nothing here is read by key (the log is written per key group): Flink need not set the key of each record. */
  @Override
  public boolean hasKeyContext1() {
    return false;
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    channel.put(new CheckpointMarker(checkpointId));
  }

  @Override
  public void close() throws Exception {
    if (channel != null) {
      channel = null;
      FeedbackChannels.release(getRuntimeContext());
    }
    super.close();
  }
}
