package dev.statefun.kafka.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;

/**
 * The bridge registers every meter of the contract from the Flink metrics the job reports (by
 * Flink's names and groups), and every Prometheus series {@code docs/grafana-dashboard.json}
 * queries is one of them.
 */
class GrafanaDashboardTests {

  static final Path DASHBOARD = Path.of("..", "docs", "grafana-dashboard.json");

  @Test
  void theBridgeRegistersEveryMeterAndTheDashboardQueriesOnlyThose() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    String id = MicrometerBridge.open(registry);
    try {
      MicrometerBridge bridge = MicrometerBridge.find(id).orElseThrow();
      reportTheMetricsOfAJob(bridge);

      Set<String> registered = new TreeSet<>();
      registry.getMeters().forEach(meter -> registered.add(meter.getId().getName()));
      assertThat(registered).containsAll(StatefunMeters.ALL);

      Set<String> series = new TreeSet<>();
      for (String line : registry.scrape().split("\n")) {
        if (!line.startsWith("#") && !line.isBlank()) {
          series.add(line.replaceFirst("[{ ].*$", ""));
        }
      }
      Set<String> queried = new TreeSet<>();
      Matcher names = Pattern.compile("statefun_[a-z_]+").matcher(Files.readString(DASHBOARD));
      while (names.find()) {
        queried.add(names.group());
      }
      assertThat(queried).hasSizeGreaterThanOrEqualTo(StatefunMeters.ALL.size());
      assertThat(series).containsAll(queried);
    } finally {
      MicrometerBridge.close(id);
    }
  }

  /** What Flink reports for a job with an ingress, an egress, a function and a remote function. */
  static void reportTheMetricsOfAJob(MicrometerBridge bridge) {
    add(bridge, counter(5), StatefunMetricNames.INGRESS_RECORDS, Map.of("<ingress>", "test/in", "<outcome>", "delivered"));
    add(bridge, counter(1), StatefunMetricNames.INGRESS_RECORDS, Map.of("<ingress>", "test/in", "<outcome>", "skipped"));
    add(bridge, counter(5), StatefunMetricNames.INVOCATIONS, Map.of("<function>", "test/relay"));
    add(bridge, gauge(3L), "pendingRecords", Map.of("<operator_name>", "Source: ingress test/in"));
    add(bridge, counter(5), "numRecordsSend", Map.of("<operator_name>", "egress test/out: Writer"));
    add(bridge, gauge(0L), "numRestarts", Map.of("<job_id>", "j"));
    add(bridge, gauge(0L), "numberOfFailedCheckpoints", Map.of("<job_id>", "j"));
    add(bridge, gauge(7L), "lastCompletedCheckpointId", Map.of("<job_id>", "j"));
    add(bridge, gauge(120L), "lastCheckpointDuration", Map.of("<job_id>", "j"));
    add(bridge, gauge(System.currentTimeMillis()), "lastCheckpointCompletedTimestamp", Map.of("<job_id>", "j"));
    DurationHistogram calls = new DurationHistogram();
    add(bridge, calls, StatefunMetricNames.REMOTE_CALLS, Map.of("<function>", "remote/greeter", "<outcome>", "success"));
    calls.update(2_000_000);
    bridge.report();
  }

  static void add(MicrometerBridge bridge, Metric metric, String name, Map<String, String> variables) {
    bridge.added(metric, name, variables);
  }

  static SimpleCounter counter(long count) {
    SimpleCounter counter = new SimpleCounter();
    counter.inc(count);
    return counter;
  }

  static Gauge<Long> gauge(long value) {
    return () -> value;
  }
}
