package dev.statefun.kafka.autoconfigure;

import dev.statefun.kafka.runtime.metrics.MicrometerBridge;
import dev.statefun.kafka.runtime.metrics.MicrometerMetricReporter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.springframework.beans.factory.DisposableBean;

/**
 * Registers the job's meters in a {@link MeterRegistry}: opens a {@link MicrometerBridge} to it
 * and configures the MiniCluster with a reporter that feeds it every second.
 */
public class StatefunMeterBinder implements FlinkClusterCustomizer, DisposableBean {

  static final Duration REPORT_INTERVAL = Duration.ofSeconds(1);

  private final String bridge;

  public StatefunMeterBinder(MeterRegistry registry) {
    this.bridge = MicrometerBridge.open(registry);
  }

  @Override
  public void customize(Configuration configuration) {
    MicrometerMetricReporter.configure(configuration, bridge, REPORT_INTERVAL);
  }

  @Override
  public void destroy() {
    MicrometerBridge.close(bridge);
  }
}
