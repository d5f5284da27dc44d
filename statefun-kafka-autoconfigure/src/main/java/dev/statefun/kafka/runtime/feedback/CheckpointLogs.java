package dev.statefun.kafka.runtime.feedback;

import dev.statefun.kafka.runtime.envelope.Envelope;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The head's logs of the checkpoints it took a snapshot for and whose marker has not come round
 * yet, by checkpoint id: a message through the loop goes into each. Internal.
 */
final class CheckpointLogs implements AutoCloseable {

  private final TreeMap<Long, FeedbackLog> unfinished = new TreeMap<>();

  void start(long checkpointId, FeedbackLog log) {
    unfinished.put(checkpointId, log);
  }

  boolean isEmpty() {
    return unfinished.isEmpty();
  }

  void append(Envelope envelope) {
    for (FeedbackLog log : unfinished.values()) {
      log.append(envelope);
    }
  }

  /**
   * The marker of this checkpoint came round: its log and those of older checkpoints (whose
   * markers never came, their barriers having been cancelled) are complete.
   */
  void finishUntil(long checkpointId) throws IOException {
    Iterator<Map.Entry<Long, FeedbackLog>> finished = unfinished.headMap(checkpointId, true).entrySet().iterator();
    while (finished.hasNext()) {
      FeedbackLog log = finished.next().getValue();
      finished.remove();
      log.commit();
    }
  }

  /** The checkpoint was aborted: its log is of no use. */
  void abort(long checkpointId) throws IOException {
    FeedbackLog log = unfinished.remove(checkpointId);
    if (log != null) {
      log.close();
    }
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (FeedbackLog log : unfinished.values()) {
      try {
        log.close();
      } catch (IOException e) {
        failure = e;
      }
    }
    unfinished.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
