package dev.statefun.kafka.runtime.feedback;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * The channels of this JVM, one per parallel instance of a job's loop. Head and tail of an
 * instance are placed in the same slot (a co-location group), so they meet here by job,
 * subtask and attempt: a restarted attempt gets a fresh, empty channel. A channel is dropped
 * when both of its ends have let go of it. Internal.
 */
final class FeedbackChannels {

  private static final Map<Key, Entry> CHANNELS = new HashMap<>();

  private FeedbackChannels() {}

  /** The channel of the operator's parallel instance; {@link #release} it on close. */
  static FeedbackChannel acquire(RuntimeContext context) {
    Key key = Key.of(context);
    synchronized (CHANNELS) {
      Entry entry = CHANNELS.computeIfAbsent(key, k -> new Entry(new FeedbackChannel()));
      entry.users++;
      return entry.channel;
    }
  }

  static void release(RuntimeContext context) {
    Key key = Key.of(context);
    synchronized (CHANNELS) {
      Entry entry = CHANNELS.get(key);
      if (entry != null && --entry.users == 0) {
        CHANNELS.remove(key);
      }
    }
  }

  private record Key(JobID job, int subtask, int attempt) {
    static Key of(RuntimeContext context) {
      return new Key(context.getJobInfo().getJobId(), context.getTaskInfo().getIndexOfThisSubtask(),
          context.getTaskInfo().getAttemptNumber());
    }
  }

  private static final class Entry {
    final FeedbackChannel channel;
    int users;

    Entry(FeedbackChannel channel) {
      this.channel = channel;
    }
  }
}
