package dev.statefun.kafka.runtime.cluster;

import dev.statefun.kafka.runtime.RuntimeSettings;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a starting job restores ({@code statefun.flink.restore}: the newest snapshot of the
 * checkpoint directory, none, or a given path) and checks it against the job before it is
 * submitted, wherever the job runs. Internal.
 */
final class SnapshotRestore {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotRestore.class);

  private SnapshotRestore() {}

  /** The snapshot to restore, or empty for a start without state; logs the choice. */
  static Optional<Path> choose(SnapshotDirectory snapshots, RuntimeSettings settings) {
    String restore = settings.restore();
    if ("none".equalsIgnoreCase(restore)) {
      LOG.info("statefun.flink.restore is none: {} starts without state", settings.applicationId());
      return Optional.empty();
    }
    if ("latest".equalsIgnoreCase(restore)) {
      Optional<Path> newest = snapshots.newestSnapshot();
      if (newest.isEmpty()) {
        LOG.info("No savepoint or checkpoint in {}: {} starts without state", snapshots.root(),
            settings.applicationId());
      }
      return newest;
    }
    Path path = SnapshotDirectory.toPath(restore);
    if (!Files.exists(path)) {
      throw new StatefunConfigurationException("statefun.flink.restore",
          "the snapshot " + path + " does not exist", "Set it to latest, none, or the path of a savepoint or checkpoint");
    }
    return Optional.of(path);
  }

  /**
   * Reads the snapshot's metadata before the job is submitted: a corrupt snapshot fails here with
   * its path, and state of operators the job no longer has is dropped with a warning or refused.
   */
  static void check(Path restorePath, StreamGraph graph, boolean allowNonRestoredState) {
    SnapshotMetadata metadata = SnapshotMetadata.read(restorePath);
    List<String> dropped = metadata.stateWithoutOperator(graph);
    if (dropped.isEmpty()) {
      LOG.info("Restoring from {} (checkpoint {})", restorePath, metadata.checkpointId());
    } else if (allowNonRestoredState) {
      LOG.warn("Restoring from {} (checkpoint {}) drops the state of operators this job no longer has: {} "
          + "(statefun.flink.allow-non-restored-state is true)", restorePath, metadata.checkpointId(), dropped);
    } else {
      throw new StatefunConfigurationException("statefun.flink.allow-non-restored-state",
          "the snapshot " + restorePath + " holds state of operators this job no longer has: " + dropped,
          "Set statefun.flink.allow-non-restored-state: true to drop that state, "
              + "or statefun.flink.restore: none to start without state");
    }
  }
}
