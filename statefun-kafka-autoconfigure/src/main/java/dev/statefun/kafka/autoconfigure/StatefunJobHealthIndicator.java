package dev.statefun.kafka.autoconfigure;

import org.apache.flink.api.common.JobStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of the stateful functions job: {@code UP} while it runs, {@code DOWN} with the
 * failure once it failed for good (a function kept failing after all restart attempts),
 * {@code UNKNOWN} while it starts or restarts, {@code OUT_OF_SERVICE} when it is stopped.
 */
public class StatefunJobHealthIndicator implements HealthIndicator {

  private final StatefunJobLifecycle job;

  public StatefunJobHealthIndicator(StatefunJobLifecycle job) {
    this.job = job;
  }

  @Override
  public Health health() {
    String application = job.settings().applicationId();
    var failure = job.failure();
    if (failure.isPresent()) {
      return Health.down(asException(failure.get())).withDetail("application", application)
          .withDetail("jobStatus", JobStatus.FAILED.name()).build();
    }
    var status = job.jobStatus();
    if (status.isEmpty()) {
      return Health.outOfService().withDetail("application", application).build();
    }
    Health.Builder health = switch (status.get()) {
      case RUNNING -> Health.up();
      case FAILED -> Health.down();
      default -> Health.unknown();
    };
    return health.withDetail("application", application).withDetail("jobStatus", status.get().name()).build();
  }

  private static Exception asException(Throwable failure) {
    return failure instanceof Exception exception ? exception : new IllegalStateException(failure);
  }
}
