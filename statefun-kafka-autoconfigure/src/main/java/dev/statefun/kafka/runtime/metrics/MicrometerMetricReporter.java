package dev.statefun.kafka.runtime.metrics;

import java.time.Duration;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.metrics.reporter.Scheduled;

/**
 * A Flink metric reporter that hands the job's metrics to a {@link MicrometerBridge}, which
 * turns them into the application's Micrometer meters. It works where the application's
 * registry lives: in the embedded MiniCluster. Configure it with {@link #configure}. Internal.
 */
public final class MicrometerMetricReporter implements MetricReporter, Scheduled {

  public static final String NAME = "statefun";
  static final String BRIDGE = "bridge";

  private final MicrometerBridge bridge;

  MicrometerMetricReporter(MicrometerBridge bridge) {
    this.bridge = bridge;
  }

  /** Sets up the reporter in a cluster configuration, reporting to the bridge of this id. */
  public static void configure(Configuration cluster, String bridgeId, Duration interval) {
    String prefix = "metrics.reporter." + NAME + ".";
    cluster.setString(prefix + "factory.class", Factory.class.getName());
    cluster.setString(prefix + "interval", interval.toMillis() + " ms");
    cluster.setString(prefix + BRIDGE, bridgeId);
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    bridge.added(metric, name, group.getAllVariables());
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    bridge.removed(metric, name, group.getAllVariables());
  }

  @Override
  public void report() {
    bridge.report();
  }

  /** Creates the reporter for the bridge its configuration names; one that reports nothing when there is none. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return MicrometerBridge.find(properties.getProperty(BRIDGE))
          .<MetricReporter>map(MicrometerMetricReporter::new)
          .orElseGet(Unbridged::new);
    }
  }

  private static final class Unbridged implements MetricReporter {
    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {}

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}
  }
}
