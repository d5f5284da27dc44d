package dev.statefun.kafka.runtime.metrics;

import java.util.function.LongConsumer;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * A Flink histogram of durations in nanoseconds that also hands each duration to a listener, so
 * a metric reporter in the same JVM can record it in a timer of its own. Internal.
 */
public final class DurationHistogram implements Histogram {

  private final DescriptiveStatisticsHistogram window = new DescriptiveStatisticsHistogram(512);
  private volatile LongConsumer listener = nanos -> {};

  @Override
  public void update(long nanos) {
    window.update(nanos);
    listener.accept(nanos);
  }

  /** Receives every duration from now on. */
  public void listen(LongConsumer listener) {
    this.listener = listener;
  }

  @Override
  public long getCount() {
    return window.getCount();
  }

  @Override
  public HistogramStatistics getStatistics() {
    return window.getStatistics();
  }
}
