package dev.statefun.kafka.runtime.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.metrics.MetricNames;

/**
 * Turns the Flink metrics of a job into the application's Micrometer meters ({@link StatefunMeters}).
 * A meter sums the Flink metrics of every parallel instance; counters keep the counts of
 * instances that went away (a restart replaces every operator), so they only grow. One bridge
 * per application and registry, reached by its id from the {@link MicrometerMetricReporter}s of
 * the MiniClusters the application runs, and outliving them. Internal.
 */
public final class MicrometerBridge {

  private static final Map<String, MicrometerBridge> BRIDGES = new ConcurrentHashMap<>();

  private static final Pattern SOURCE = Pattern.compile("^(?:Source: )?ingress (.+)$");
  private static final Pattern EGRESS_WRITER = Pattern.compile("^egress (.+): Writer$");
  static final String OPERATOR_NAME = "<operator_name>";
  static final String LAST_CHECKPOINT_DURATION = "lastCheckpointDuration";
  static final String LAST_CHECKPOINT_ID = "lastCompletedCheckpointId";
  static final String LAST_CHECKPOINT_COMPLETED = "lastCheckpointCompletedTimestamp";
  static final String FAILED_CHECKPOINTS = "numberOfFailedCheckpoints";

  private final MeterRegistry registry;
  private final Map<List<Object>, SummedValues> meters = new HashMap<>();
  private final Map<List<Object>, Timer> timers = new HashMap<>();
  private final SummedValues checkpointDurations = new SummedValues(false);
  private final SummedValues checkpointIds = new SummedValues(false);
  private final SummedValues checkpointCompletions = new SummedValues(false);
  private long recordedCheckpointId = -1;

  private MicrometerBridge(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder(StatefunMeters.CHECKPOINT_AGE, checkpointCompletions, MicrometerBridge::secondsSince)
        .description("Seconds since the last completed checkpoint").baseUnit("seconds").strongReference(true)
        .register(registry);
  }

  /** Opens a bridge to the registry; returns the id the reporter configuration names. */
  public static String open(MeterRegistry registry) {
    String id = UUID.randomUUID().toString();
    BRIDGES.put(id, new MicrometerBridge(registry));
    return id;
  }

  public static Optional<MicrometerBridge> find(String id) {
    return Optional.ofNullable(id == null ? null : BRIDGES.get(id));
  }

  public static void close(String id) {
    BRIDGES.remove(id);
  }

  synchronized void added(Metric metric, String name, Map<String, String> variables) {
    if (metric instanceof DurationHistogram histogram && name.equals(StatefunMetricNames.REMOTE_CALLS)) {
      Timer timer = timers.computeIfAbsent(List.of(name, variables.get(key(StatefunMetricNames.FUNCTION)),
          variables.get(key(StatefunMetricNames.OUTCOME))), k -> Timer.builder(StatefunMeters.REMOTE_CALLS)
              .description("Calls to remote functions")
              .tags(StatefunMeters.TAG_FUNCTION, (String) k.get(1), StatefunMeters.TAG_OUTCOME, (String) k.get(2))
              .register(registry));
      histogram.listen(nanos -> timer.record(nanos, TimeUnit.NANOSECONDS));
      return;
    }
    Binding binding = bindingOf(name, variables);
    if (binding != null) {
      meters.computeIfAbsent(List.of(binding.meter(), binding.tags()), k -> binding.register(registry))
          .add(metric);
      return;
    }
    switch (name) {
      case LAST_CHECKPOINT_DURATION -> checkpointDurations.add(metric);
      case LAST_CHECKPOINT_ID -> checkpointIds.add(metric);
      case LAST_CHECKPOINT_COMPLETED -> checkpointCompletions.add(metric);
      default -> { }
    }
  }

  synchronized void removed(Metric metric, String name, Map<String, String> variables) {
    Binding binding = bindingOf(name, variables);
    if (binding != null) {
      SummedValues values = meters.get(List.of(binding.meter(), binding.tags()));
      if (values != null) {
        values.remove(metric);
      }
      return;
    }
    checkpointDurations.remove(metric);
    checkpointIds.remove(metric);
    checkpointCompletions.remove(metric);
  }

  /** Records the duration of a checkpoint completed since the last report. */
  synchronized void report() {
    long id = (long) checkpointIds.live();
    if (id > 0 && id != recordedCheckpointId) {
      recordedCheckpointId = id;
      long millis = (long) checkpointDurations.live();
      Timer.builder(StatefunMeters.CHECKPOINT_DURATION).description("Duration of completed checkpoints")
          .register(registry).record(millis, TimeUnit.MILLISECONDS);
    }
  }

  private static double secondsSince(SummedValues completions) {
    double completed = completions.live();
    return completed <= 0 ? Double.NaN : Math.max(0, System.currentTimeMillis() - completed) / 1000.0;
  }

  /** Which meter a Flink metric feeds, or null. */
  private static Binding bindingOf(String name, Map<String, String> variables) {
    String operator = variables.getOrDefault(OPERATOR_NAME, "");
    switch (name) {
      case StatefunMetricNames.INGRESS_RECORDS:
        return new Binding(StatefunMeters.INGRESS_RECORDS, "Records of an ingress by what became of them", true,
            Tags.of(StatefunMeters.TAG_INGRESS, variables.get(key(StatefunMetricNames.INGRESS)),
                StatefunMeters.TAG_OUTCOME, variables.get(key(StatefunMetricNames.OUTCOME))));
      case StatefunMetricNames.INVOCATIONS:
        return new Binding(StatefunMeters.FUNCTION_INVOCATIONS, "Invocations of a function type", true,
            Tags.of(StatefunMeters.TAG_FUNCTION, variables.get(key(StatefunMetricNames.FUNCTION))));
      case MetricNames.NUM_RESTARTS:
        return new Binding(StatefunMeters.JOB_RESTARTS, "Restarts of the job", true, Tags.empty());
      case FAILED_CHECKPOINTS:
        return new Binding(StatefunMeters.CHECKPOINT_FAILURES, "Failed checkpoints", true, Tags.empty());
      case MetricNames.PENDING_RECORDS: {
        Matcher source = SOURCE.matcher(operator);
        return source.matches() ? new Binding(StatefunMeters.INGRESS_LAG,
            "Records behind the end of the ingress's topics", false, Tags.of(StatefunMeters.TAG_INGRESS, source.group(1)))
            : null;
      }
      case MetricNames.NUM_RECORDS_SEND: {
        Matcher writer = EGRESS_WRITER.matcher(operator);
        return writer.matches() ? new Binding(StatefunMeters.EGRESS_RECORDS, "Records written to an egress", true,
            Tags.of(StatefunMeters.TAG_EGRESS, writer.group(1))) : null;
      }
      default:
        return null;
    }
  }

  private static String key(String group) {
    return "<" + group + ">";
  }

  /** A meter fed by Flink metrics: a counter (kept across restarts) or a gauge (the live sum). */
  private record Binding(String meter, String description, boolean counting, Tags tags) {

    SummedValues register(MeterRegistry registry) {
      SummedValues values = new SummedValues(counting);
      if (counting) {
        // held weakly by the meter, strongly by the bridge
        FunctionCounter.builder(meter, values, SummedValues::total).description(description).tags(tags)
            .register(registry);
      } else {
        Gauge.builder(meter, values, SummedValues::live).description(description).tags(tags)
            .strongReference(true).register(registry);
      }
      return values;
    }
  }

  /** The sum of the Flink metrics of every instance, and of those gone when counting. */
  static final class SummedValues {
    private final boolean counting;
    private final Map<Metric, Metric> live = new ConcurrentHashMap<>();
    private volatile double retired;

    SummedValues(boolean counting) {
      this.counting = counting;
    }

    void add(Metric metric) {
      live.put(metric, metric);
    }

    void remove(Metric metric) {
      if (live.remove(metric) != null && counting) {
        retired += valueOf(metric);
      }
    }

    double live() {
      double sum = 0;
      for (Metric metric : live.keySet()) {
        sum += valueOf(metric);
      }
      return sum;
    }

    double total() {
      return retired + live();
    }

    private static double valueOf(Metric metric) {
      if (metric instanceof Counter counter) {
        return counter.getCount();
      }
      if (metric instanceof org.apache.flink.metrics.Gauge<?> gauge && gauge.getValue() instanceof Number number) {
        return Math.max(0, number.doubleValue());
      }
      return 0;
    }
  }
}
