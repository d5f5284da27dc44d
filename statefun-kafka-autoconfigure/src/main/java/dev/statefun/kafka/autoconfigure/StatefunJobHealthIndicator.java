package dev.statefun.kafka.autoconfigure;

import dev.statefun.kafka.runtime.KafkaBrokerCheck;
import dev.statefun.kafka.runtime.cluster.JobOverview;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of the stateful functions job ({@code statefunJob}): {@code UP} while it runs;
 * {@code DOWN} once it failed for good (a function kept failing after all restart attempts),
 * while it restarts beyond its restart attempts, and while no Kafka broker of an ingress or
 * egress answers (with the reason); {@code UNKNOWN} while it starts or restarts;
 * {@code OUT_OF_SERVICE} when it is stopped. Details: job id, state, restarts and the last
 * completed checkpoint (id, age in seconds).
 */
public class StatefunJobHealthIndicator implements HealthIndicator {

  private static final Logger LOG = LoggerFactory.getLogger(StatefunJobHealthIndicator.class);

  private final StatefunJobLifecycle job;
  private final KafkaBrokerStatus brokers;

  public StatefunJobHealthIndicator(StatefunJobLifecycle job, KafkaBrokerStatus brokers) {
    this.job = job;
    this.brokers = brokers;
  }

  @Override
  public Health health() {
    String application = job.settings().applicationId();
    var failure = job.failure();
    if (failure.isPresent()) {
      return Health.down(asException(failure.get())).withDetail("application", application)
          .withDetail("state", JobStatus.FAILED.name()).build();
    }
    Optional<JobOverview> overview = overview();
    if (overview.isEmpty()) {
      return Health.outOfService().withDetail("application", application).build();
    }
    JobOverview running = overview.get();
    Health.Builder health = switch (running.state()) {
      case RUNNING -> Health.up();
      case FAILED -> Health.down();
      case RESTARTING, FAILING -> running.restarts() >= job.settings().restartAttempts()
          ? Health.down().withDetail("reason", "the job keeps failing: " + running.restarts() + " restarts of "
              + job.settings().restartAttempts() + " attempts")
          : Health.unknown();
      default -> Health.unknown();
    };
    List<KafkaBrokerCheck.Result> unanswered = brokers == null ? List.of() : brokers.unanswered();
    if (!unanswered.isEmpty()) {
      health = Health.down().withDetail("reason", unanswered.stream().map(StatefunJobHealthIndicator::reason).toList());
    }
    Health.Builder details = health.withDetail("application", application)
        .withDetail("jobId", running.jobId())
        .withDetail("state", running.state().name());
    if (running.restarts() >= 0) {
      details.withDetail("restarts", running.restarts());
    }
    running.lastCheckpoint().ifPresent(checkpoint -> {
      Map<String, Object> last = new LinkedHashMap<>();
      last.put("id", checkpoint.id());
      last.put("ageSeconds", checkpoint.age().toMillis() / 1000.0);
      details.withDetail("lastCheckpoint", last);
    });
    return details.build();
  }

  private Optional<JobOverview> overview() {
    var runner = job.jobRunner();
    if (runner.isEmpty()) {
      return Optional.empty();
    }
    try {
      return JobOverview.of(runner.get());
    } catch (Exception e) {
      LOG.debug("Job overview unavailable", e);
      return Optional.empty();
    }
  }

  private static String reason(KafkaBrokerCheck.Result result) {
    var connection = result.connection();
    return (result.answer() == KafkaBrokerCheck.Answer.REFUSED
        ? "the Kafka brokers at " + connection.address() + " refuse " : "no Kafka broker answers at " + connection.address()
            + " for ")
        + String.join(", ", connection.clients()) + " (" + connection.security() + ")";
  }

  private static Exception asException(Throwable failure) {
    return failure instanceof Exception exception ? exception : new IllegalStateException(failure);
  }
}
