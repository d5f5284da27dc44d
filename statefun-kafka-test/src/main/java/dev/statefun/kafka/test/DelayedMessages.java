package dev.statefun.kafka.test;

import dev.statefun.kafka.sdk.Address;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The delayed messages of a {@link FunctionTestHarness}, due in deadline order (equal deadlines
 * in the order they were sent), with the job's cancellation rules: a token belongs to the sending
 * address, a token whose message is pending cannot be reused, cancelling an unknown token does
 * nothing, and a cancelled message is never delivered.
 */
final class DelayedMessages {

  /** A message waiting for its deadline (harness time in milliseconds). */
  static final class Scheduled {
    final long deadline;
    final long sequence;
    final Address from;
    final Address to;
    final Object message;
    final TokenKey token;
    boolean cancelled;

    Scheduled(long deadline, long sequence, Address from, Address to, Object message, TokenKey token) {
      this.deadline = deadline;
      this.sequence = sequence;
      this.from = from;
      this.to = to;
      this.message = message;
      this.token = token;
    }
  }

  record TokenKey(Address sender, String token) {}

  private final PriorityQueue<Scheduled> pending = new PriorityQueue<>(
      Comparator.<Scheduled>comparingLong(scheduled -> scheduled.deadline).thenComparingLong(s -> s.sequence));
  private final Map<TokenKey, Scheduled> byToken = new HashMap<>();
  private long sequence;

  /** @param token {@code null} for a message that cannot be cancelled */
  void schedule(long deadline, Address from, Address to, Object message, String token) {
    TokenKey key = token == null ? null : new TokenKey(from, token);
    if (key != null && byToken.containsKey(key)) {
      throw new IllegalStateException("The cancellation token '" + token + "' of " + from
          + " is still pending: a token may be reused only once its message was delivered or cancelled");
    }
    Scheduled scheduled = new Scheduled(deadline, sequence++, from, to, message, key);
    pending.add(scheduled);
    if (key != null) {
      byToken.put(key, scheduled);
    }
  }

  void cancel(Address from, String token) {
    Scheduled scheduled = byToken.remove(new TokenKey(from, token));
    if (scheduled != null) {
      scheduled.cancelled = true;
    }
  }

  /** The next message due at or before {@code time}, taken out; {@code null} if none is. */
  Scheduled pollDue(long time) {
    while (!pending.isEmpty() && pending.peek().deadline <= time) {
      Scheduled next = pending.poll();
      if (!next.cancelled) {
        if (next.token != null) {
          byToken.remove(next.token);
        }
        return next;
      }
    }
    return null;
  }

  /** How many messages wait, not counting cancelled ones. */
  int size() {
    return (int) pending.stream().filter(scheduled -> !scheduled.cancelled).count();
  }
}
