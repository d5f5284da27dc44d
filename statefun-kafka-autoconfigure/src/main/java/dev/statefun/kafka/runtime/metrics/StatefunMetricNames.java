package dev.statefun.kafka.runtime.metrics;

/**
 * The names of the Flink metrics the runtime registers for StateFun's meters, and the
 * key-value groups that tag them. A metric reporter finds them by these names. Internal.
 */
public final class StatefunMetricNames {

  /** Counter of ingress records, in groups {@code ingress} and {@code outcome}. */
  public static final String INGRESS_RECORDS = "statefunIngressRecords";
  /** Counter of function invocations, in group {@code function}. */
  public static final String INVOCATIONS = "statefunInvocations";
  /** {@link DurationHistogram} of remote function calls, in groups {@code function} and {@code outcome}. */
  public static final String REMOTE_CALLS = "statefunRemoteCalls";

  public static final String INGRESS = "ingress";
  public static final String FUNCTION = "function";
  public static final String OUTCOME = "outcome";

  public static final String DELIVERED = "delivered";
  public static final String SKIPPED = "skipped";
  public static final String DEAD_LETTERED = "dead-lettered";

  private StatefunMetricNames() {}
}
