package dev.statefun.kafka.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.statefun.kafka.runtime.metrics.StatefunMeters;
import dev.statefun.kafka.testing.AppProperties;
import dev.statefun.kafka.testing.TestApplications;
import dev.statefun.kafka.testing.TestBroker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The {@code statefun.*} meters in the application's registry equal what went through the job:
 * records in by outcome, records out, invocations, lag back to 0, checkpoints recent; and a
 * failed job's restart is counted.
 */
class MetricsITCase {

  static final String OUT_TOPIC = "metered-out";
  static final TestBroker BROKER = TestBroker.start();
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir
  Path checkpoints;

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  @Test
  void metersCountRecordsInByOutcomeRecordsOutInvocationsLagAndCheckpoints() {
    BROKER.createTopic("metered-in", 2);
    BROKER.createTopic("metered-dl-in", 1);
    BROKER.createTopic("metered-dead-letters", 1);
    BROKER.createTopic(OUT_TOPIC, 1);
    MeteredApplication.FAIL_ONCE.set(false);
    try (ConfigurableApplicationContext app = TestApplications.start(MeteredApplication.class, properties("metered"))) {
      MeterRegistry meters = app.getBean(MeterRegistry.class);
      BROKER.send("metered-in", values("a", 30, "poison", "poison", "skip"));
      BROKER.send("metered-dl-in", values("b", 10, "poison", "poison", "poison"));

      assertThat(BROKER.readCommitted(OUT_TOPIC, 40, TIMEOUT, Duration.ofMillis(500))).hasSize(40);
      await().atMost(TIMEOUT).untilAsserted(() -> {
        assertThat(ingressRecords(meters, "test/in", "delivered")).isEqualTo(30);
        assertThat(ingressRecords(meters, "test/in", "skipped")).isEqualTo(3);
        assertThat(ingressRecords(meters, "test/dl-in", "delivered")).isEqualTo(10);
        assertThat(ingressRecords(meters, "test/dl-in", "dead-lettered")).isEqualTo(3);
        assertThat(counter(meters.get(StatefunMeters.FUNCTION_INVOCATIONS).tag("function", "test/relay")))
            .isEqualTo(40);
        assertThat(counter(meters.get(StatefunMeters.EGRESS_RECORDS).tag("egress", "test/out"))).isEqualTo(40);
        assertThat(meters.get(StatefunMeters.INGRESS_LAG).tag("ingress", "test/in").gauge().value()).isZero();
        assertThat(meters.get(StatefunMeters.INGRESS_LAG).tag("ingress", "test/dl-in").gauge().value()).isZero();
      });
      assertThat(BROKER.read("metered-dead-letters", "read_uncommitted", 3, TIMEOUT, Duration.ZERO)).hasSize(3);
      await().atMost(TIMEOUT).untilAsserted(() -> {
        assertThat(meters.get(StatefunMeters.CHECKPOINT_AGE).gauge().value()).as("seconds").isBetween(0.0, 1.0);
        assertThat(meters.get(StatefunMeters.CHECKPOINT_DURATION).timer().count()).isPositive();
      });
      // Flink counts checkpoints it could not trigger while the tasks were still starting: none fail once running
      double failures = counter(meters.get(StatefunMeters.CHECKPOINT_FAILURES));
      long completed = meters.get(StatefunMeters.CHECKPOINT_DURATION).timer().count();
      await().atMost(TIMEOUT).until(() -> meters.get(StatefunMeters.CHECKPOINT_DURATION).timer().count() >= completed + 3);
      assertThat(counter(meters.get(StatefunMeters.CHECKPOINT_FAILURES))).isEqualTo(failures);
      assertThat(counter(meters.get(StatefunMeters.JOB_RESTARTS))).isZero();
    }
  }

  @Test
  void aFailedAndRestartedJobCountsItsRestart() {
    BROKER.createTopic("restarted-in", 1);
    MeteredApplication.FAIL_ONCE.set(true);
    Map<String, Object> properties = properties("restarted");
    properties.put("statefun.kafka.ingresses[0].topics", "restarted-in");
    try (ConfigurableApplicationContext app = TestApplications.start(MeteredApplication.class, onlyFirstIngress(properties))) {
      MeterRegistry meters = app.getBean(MeterRegistry.class);
      await().atMost(TIMEOUT).untilAsserted(() ->
          assertThat(meters.find(StatefunMeters.JOB_RESTARTS).functionCounter()).isNotNull());
      assertThat(counter(meters.get(StatefunMeters.JOB_RESTARTS))).isZero();
      BROKER.send("restarted-in", values("c", 5, "fail"));
      await().atMost(TIMEOUT).untilAsserted(() -> assertThat(counter(meters.get(StatefunMeters.JOB_RESTARTS))).isEqualTo(1));
      assertThat(MeteredApplication.FAIL_ONCE).isFalse();
    }
  }

  static double ingressRecords(MeterRegistry meters, String ingress, String outcome) {
    return counter(meters.get(StatefunMeters.INGRESS_RECORDS).tag("ingress", ingress).tag("outcome", outcome));
  }

  static double counter(RequiredSearch search) {
    FunctionCounter counter = search.functionCounter();
    return counter.count();
  }

  static List<Map.Entry<String, String>> values(String prefix, int count, String... extra) {
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(Map.entry(prefix + i, prefix + i));
    }
    for (int i = 0; i < extra.length; i++) {
      records.add(Map.entry("x" + i, extra[i]));
    }
    return records;
  }

  static Map<String, Object> onlyFirstIngress(Map<String, Object> properties) {
    properties.keySet().removeIf(key -> key.startsWith("statefun.kafka.ingresses[1]"));
    return properties;
  }

  Map<String, Object> properties(String applicationId) {
    Map<String, Object> properties = AppProperties.base(BROKER, applicationId, checkpoints, "500ms");
    properties.put("statefun.flink.restart-strategy.delay", "100ms");
    AppProperties.ingress(properties, 0, "test/in", "metered-in", "textDeserializer", "test/relay");
    AppProperties.ingress(properties, 1, "test/dl-in", "metered-dl-in", "textDeserializer", "test/relay");
    AppProperties.deadLetters(properties, 1, "metered-dead-letters");
    AppProperties.exactlyOnceEgress(properties, 0, "test/out");
    return properties;
  }

}
