package dev.statefun.kafka.runtime.metrics;

import java.util.List;

/** The names of the Micrometer meters of a stateful functions application, as users' dashboards know them. */
public final class StatefunMeters {

  public static final String INGRESS_RECORDS = "statefun.ingress.records";
  public static final String INGRESS_LAG = "statefun.ingress.lag";
  public static final String EGRESS_RECORDS = "statefun.egress.records";
  public static final String FUNCTION_INVOCATIONS = "statefun.function.invocations";
  public static final String REMOTE_CALLS = "statefun.remote.calls";
  public static final String CHECKPOINT_DURATION = "statefun.checkpoint.duration";
  public static final String CHECKPOINT_AGE = "statefun.checkpoint.age";
  public static final String CHECKPOINT_FAILURES = "statefun.checkpoint.failures";
  public static final String JOB_RESTARTS = "statefun.job.restarts";

  /** Every meter name. */
  public static final List<String> ALL = List.of(INGRESS_RECORDS, INGRESS_LAG, EGRESS_RECORDS, FUNCTION_INVOCATIONS,
      REMOTE_CALLS, CHECKPOINT_DURATION, CHECKPOINT_AGE, CHECKPOINT_FAILURES, JOB_RESTARTS);

  public static final String TAG_INGRESS = "ingress";
  public static final String TAG_EGRESS = "egress";
  public static final String TAG_FUNCTION = "function";
  public static final String TAG_OUTCOME = "outcome";

  private StatefunMeters() {}
}
