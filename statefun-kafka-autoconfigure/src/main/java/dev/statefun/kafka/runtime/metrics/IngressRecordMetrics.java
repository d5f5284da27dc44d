package dev.statefun.kafka.runtime.metrics;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counts what became of the records of one ingress in one operator: delivered to a function,
 * skipped (unreadable, or the deserializer returned null), or sent to the dead-letter topic.
 * Internal.
 */
public final class IngressRecordMetrics {

  private final Counter delivered;
  private final Counter skipped;
  private final Counter deadLettered;

  public IngressRecordMetrics(MetricGroup operator, String ingressId) {
    MetricGroup ingress = operator.addGroup(StatefunMetricNames.INGRESS, ingressId);
    this.delivered = counter(ingress, StatefunMetricNames.DELIVERED);
    this.skipped = counter(ingress, StatefunMetricNames.SKIPPED);
    this.deadLettered = counter(ingress, StatefunMetricNames.DEAD_LETTERED);
  }

  private static Counter counter(MetricGroup ingress, String outcome) {
    return ingress.addGroup(StatefunMetricNames.OUTCOME, outcome).counter(StatefunMetricNames.INGRESS_RECORDS);
  }

  public void delivered() {
    delivered.inc();
  }

  public void skipped() {
    skipped.inc();
  }

  public void deadLettered() {
    deadLettered.inc();
  }
}
