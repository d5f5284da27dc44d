package dev.statefun.kafka.runtime.cluster.rpc;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.util.concurrent.ScheduledExecutor;

/**
 * An RPC service's scheduled executor: the timer thread only keeps time, the tasks run on the
 * service's pool (as Pekko's scheduler hands them to its dispatcher), so a slow task delays no
 * other. A {@link Callable}'s result is its future's, so it runs on the timer thread. Internal.
 */
final class LocalScheduledExecutor implements ScheduledExecutor {

  private final ScheduledExecutorService timer;
  private final Executor pool;

  LocalScheduledExecutor(ScheduledExecutorService timer, Executor pool) {
    this.timer = timer;
    this.pool = pool;
  }

  @Override
  public void execute(Runnable command) {
    pool.execute(command);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return timer.schedule(() -> pool.execute(command), delay, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return timer.schedule(callable, delay, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    return timer.scheduleAtFixedRate(() -> pool.execute(command), initialDelay, period, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return timer.scheduleWithFixedDelay(() -> pool.execute(command), initialDelay, delay, unit);
  }
}
