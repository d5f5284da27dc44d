package dev.statefun.kafka.runtime.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the snapshots of earlier runs once the running job has completed its first checkpoint.
 * Flink restores in NO_CLAIM mode: it never deletes the snapshot it restored, and every run has
 * a new job id, so without this one checkpoint folder per run would pile up. From its first
 * checkpoint on, the running job has a newer restorable snapshot of its own (a full one: the
 * first checkpoint after a NO_CLAIM restore shares no files with the restored snapshot). Runs
 * only with {@code statefun.flink.restore: latest}: an explicit setting leaves every snapshot in
 * place. Internal.
 */
final class SnapshotHousekeeping implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotHousekeeping.class);

  private final SnapshotDirectory snapshots;
  private final String jobId;
  private final Path restored;
  private final ScheduledExecutorService executor;
  private final ScheduledFuture<?> poll;

  SnapshotHousekeeping(SnapshotDirectory snapshots, String jobId, Path restored, Duration checkpointInterval) {
    this.snapshots = snapshots;
    this.jobId = jobId;
    this.restored = restored;
    this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "statefun-snapshot-housekeeping");
      thread.setDaemon(true);
      return thread;
    });
    long period = Math.max(200, checkpointInterval.toMillis() / 2);
    this.poll = executor.scheduleWithFixedDelay(this::cleanUpOnce, period, period, TimeUnit.MILLISECONDS);
  }

  private void cleanUpOnce() {
    try {
      Optional<Path> first = snapshots.newestCheckpointOf(jobId);
      if (first.isEmpty()) {
        return;
      }
      List<Path> deleted = snapshots.deleteSupersededBy(first.get(), restored);
      if (!deleted.isEmpty()) {
        LOG.info("Deleted {} snapshot(s) of earlier runs superseded by {}{}: {}", deleted.size(), first.get(),
            restored == null ? "" : " (keeping the restored " + restored + ")", deleted);
      }
      executor.shutdown();
    } catch (RuntimeException e) {
      LOG.warn("Cleaning up old snapshots in {} failed; they stay on disk: {}", snapshots.root(), e.toString());
      executor.shutdown();
    }
  }

  @Override
  public void close() {
    poll.cancel(false);
    executor.shutdownNow();
  }
}
