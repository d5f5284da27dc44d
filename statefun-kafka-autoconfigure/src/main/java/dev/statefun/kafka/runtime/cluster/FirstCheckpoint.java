package dev.statefun.kafka.runtime.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a job's first checkpoint as soon as it has output. Flink schedules the first periodic
 * checkpoint up to one interval after the job starts, and a trigger that finds a task still
 * deploying waits another interval; with exactly-once egresses nothing is visible to a
 * {@code read_committed} reader until that checkpoint completes. Triggering at the first egress
 * record makes the first output commit as soon as it exists; the periodic schedule goes on as
 * configured.
 */
final class FirstCheckpoint {

  private static final Logger LOG = LoggerFactory.getLogger(FirstCheckpoint.class);
  private static final long RETRY_MILLIS = 20;

  private final MiniCluster cluster;
  private final JobID jobId;
  private final long deadline;

  /** @param patience how long to retry while tasks still start; past it the periodic schedule takes over */
  FirstCheckpoint(MiniCluster cluster, JobID jobId, Duration patience) {
    this.cluster = cluster;
    this.jobId = jobId;
    this.deadline = System.nanoTime() + patience.toNanos();
  }

  /** Triggers the checkpoint, retrying briefly while some task is not running yet; never blocks. */
  void trigger() {
    cluster.triggerCheckpoint(jobId).whenComplete((path, failure) -> {
      if (failure == null) {
        LOG.debug("First checkpoint of job {} taken at its first output: {}", jobId, path);
      } else if (cluster.isRunning() && System.nanoTime() < deadline) {
        CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS).execute(this::trigger);
      } else {
        LOG.debug("No early first checkpoint for job {}; the periodic ones follow: {}", jobId, failure.toString());
      }
    });
  }
}
