package dev.statefun.kafka.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;

/** Meters sum the parallel instances; counters keep counting when a restart replaces them, gauges do not. */
class MicrometerBridgeTest {

  static final Map<String, String> DELIVERED = Map.of("<ingress>", "test/in", "<outcome>", "delivered");
  static final Map<String, String> SOURCE = Map.of("<operator_name>", "Source: ingress test/in");

  @Test
  void countersSumInstancesAndKeepTheirCountAcrossARestartWhileGaugesShowTheLiveOnes() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    String id = MicrometerBridge.open(registry);
    try {
      MicrometerBridge bridge = MicrometerBridge.find(id).orElseThrow();
      SimpleCounter first = GrafanaDashboardTests.counter(5);
      SimpleCounter second = GrafanaDashboardTests.counter(3);
      Gauge<Long> lag = () -> 4L;
      bridge.added(first, StatefunMetricNames.INGRESS_RECORDS, DELIVERED);
      bridge.added(second, StatefunMetricNames.INGRESS_RECORDS, DELIVERED);
      bridge.added(lag, "pendingRecords", SOURCE);
      assertThat(registry.get(StatefunMeters.INGRESS_RECORDS).functionCounter().count()).isEqualTo(8);
      assertThat(registry.get(StatefunMeters.INGRESS_LAG).tag("ingress", "test/in").gauge().value()).isEqualTo(4);

      // a restart: Flink removes every instance's metrics and registers new ones from zero
      bridge.removed(first, StatefunMetricNames.INGRESS_RECORDS, DELIVERED);
      bridge.removed(second, StatefunMetricNames.INGRESS_RECORDS, DELIVERED);
      bridge.removed(lag, "pendingRecords", SOURCE);
      bridge.added(GrafanaDashboardTests.counter(2), StatefunMetricNames.INGRESS_RECORDS, DELIVERED);
      bridge.added((Gauge<Long>) () -> 1L, "pendingRecords", SOURCE);

      assertThat(registry.get(StatefunMeters.INGRESS_RECORDS).functionCounter().count()).isEqualTo(10);
      assertThat(registry.get(StatefunMeters.INGRESS_LAG).gauge().value()).isEqualTo(1);
    } finally {
      MicrometerBridge.close(id);
    }
  }

  @Test
  void aReporterWithoutItsBridgeReportsNothing() {
    assertThat(new MicrometerMetricReporter.Factory().createMetricReporter(new java.util.Properties()))
        .isNotInstanceOf(MicrometerMetricReporter.class);
  }
}
