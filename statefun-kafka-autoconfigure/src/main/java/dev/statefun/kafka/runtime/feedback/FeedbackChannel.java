package dev.statefun.kafka.runtime.feedback;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The hand-off between the tail and the head of one parallel instance of the loop, in one JVM:
 * the tail's task thread puts messages and checkpoint markers in, and the head takes everything
 * there is at once, in order, on its own task thread (one mail in its mailbox per batch). One
 * producer, one consumer; unbounded, so the tail never waits and the cycle cannot deadlock.
 * Internal.
 */
final class FeedbackChannel {

  private final Object lock = new Object();
  private final Runnable drain = this::drain;
  private ArrayDeque<Object> pending = new ArrayDeque<>();
  /** The batch the consumer took last; empty again once the consumer took the next one. */
  private ArrayDeque<Object> taken = new ArrayDeque<>();
  private Executor executor;
  private Consumer<Object> consumer;

  /** Puts a message or marker in; the consumer is scheduled when the channel turns non-empty. */
  void put(Object item) {
    Executor scheduleOn;
    synchronized (lock) {
      pending.add(item);
      if (pending.size() != 1 || executor == null) {
        return;
      }
      scheduleOn = executor;
    }
    schedule(scheduleOn);
  }

  /** Registers the one consumer; what was put before is handed to it first. */
  void register(Consumer<Object> consumer, Executor executor) {
    boolean hasPending;
    synchronized (lock) {
      if (this.executor != null) {
        throw new IllegalStateException("A feedback channel has one consumer");
      }
      this.consumer = consumer;
      this.executor = executor;
      hasPending = !pending.isEmpty();
    }
    if (hasPending) {
      schedule(executor);
    }
  }

  /** Stops handing items over: the consumer is closing. */
  void unregister() {
    synchronized (lock) {
      executor = null;
      consumer = null;
      pending.clear();
    }
  }

  private void schedule(Executor executor) {
    try {
      executor.execute(drain);
    } catch (RejectedExecutionException e) {
      // the head's mailbox is closed: its task is ending, and what is in flight is the checkpoint's business
    }
  }

  private void drain() {
    ArrayDeque<Object> batch;
    Consumer<Object> to;
    synchronized (lock) {
      if (consumer == null) {
        return;
      }
      batch = pending;
      taken.clear();
      pending = taken;
      taken = batch;
      to = consumer;
    }
    Object item;
    while ((item = batch.poll()) != null) {
      to.accept(item);
    }
  }
}
