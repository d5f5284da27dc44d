package dev.statefun.kafka.runtime.metrics;

import dev.statefun.kafka.sdk.FunctionType;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The metrics of the functions run by one parallel instance of the dispatcher, registered in
 * its Flink metric group: invocations per function type and the durations of remote calls per
 * function type and outcome ({@code success}, {@code retry}, {@code failure}). Internal.
 */
public final class FunctionMetrics {

  public static final String SUCCESS = "success";
  public static final String RETRY = "retry";
  public static final String FAILURE = "failure";

  private final MetricGroup group;
  private final Map<FunctionType, Counter> invocations = new HashMap<>();
  private final Map<FunctionType, Map<String, DurationHistogram>> remoteCalls = new HashMap<>();
  private FunctionType lastType;
  private Counter lastCounter;

  public FunctionMetrics(MetricGroup group) {
    this.group = group;
  }

  /** Counts one invocation of a function of this type. */
  public void invocation(FunctionType type) {
    if (type != lastType) {
      lastCounter = invocations.computeIfAbsent(type, t ->
          group.addGroup(StatefunMetricNames.FUNCTION, t.toString()).counter(StatefunMetricNames.INVOCATIONS));
      lastType = type;
    }
    lastCounter.inc();
  }

  /** Records one call to a remote function of this type, how it ended and how long it took. */
  public void remoteCall(FunctionType type, String outcome, long nanos) {
    remoteCalls.computeIfAbsent(type, t -> new HashMap<>())
        .computeIfAbsent(outcome, o -> group.addGroup(StatefunMetricNames.FUNCTION, type.toString())
            .addGroup(StatefunMetricNames.OUTCOME, o)
            .histogram(StatefunMetricNames.REMOTE_CALLS, new DurationHistogram()))
        .update(nanos);
  }
}
