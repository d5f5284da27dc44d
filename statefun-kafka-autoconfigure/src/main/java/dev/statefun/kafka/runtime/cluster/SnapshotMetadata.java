package dev.statefun.kafka.runtime.cluster;

import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamGraphHasherV2;

/**
 * The metadata of a savepoint or checkpoint about to be restored, read before the job is
 * submitted: an unreadable file fails at once with its path (instead of a job that turns
 * FAILED later), and the operators whose state the job no longer has can be named. Internal.
 */
final class SnapshotMetadata {

  private final Path path;
  private final CheckpointMetadata metadata;

  private SnapshotMetadata(Path path, CheckpointMetadata metadata) {
    this.path = path;
    this.metadata = metadata;
  }

  /** Reads the metadata of the snapshot at {@code snapshot} (its directory or its {@code _metadata}). */
  static SnapshotMetadata read(Path snapshot) {
    Path file = SnapshotDirectory.metadataFile(snapshot);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      CheckpointMetadata metadata = Checkpoints.loadCheckpointMetadata(new DataInputStream(in),
          SnapshotMetadata.class.getClassLoader(), snapshot.toString());
      return new SnapshotMetadata(file, metadata);
    } catch (Exception | LinkageError e) {
      throw unrestorable(file, "its metadata cannot be read (" + e + ")", e);
    }
  }

  /** The failure for a snapshot that cannot be restored: names it and how to start anyway. */
  static StatefunConfigurationException unrestorable(Object snapshot, String why, Throwable cause) {
    StatefunConfigurationException failure = new StatefunConfigurationException("statefun.flink.restore",
        "the snapshot " + snapshot + " cannot be restored: " + why,
        "Set statefun.flink.restore: none to start without state (the snapshot stays on disk), "
            + "or set statefun.flink.restore to the path of another savepoint or checkpoint");
    if (cause != null) {
      failure.initCause(cause);
    }
    return failure;
  }

  long checkpointId() {
    return metadata.getCheckpointId();
  }

  /**
   * The operators of the snapshot that hold state but are no longer in {@code graph}, by uid
   * (or operator id when the snapshot has no uid): removed ingresses, egresses, feedback loop.
   */
  List<String> stateWithoutOperator(StreamGraph graph) {
    Set<OperatorID> operators = new StreamGraphHasherV2().traverseStreamGraphAndGenerateHashes(graph).values()
        .stream().map(OperatorID::new).collect(Collectors.toSet());
    return metadata.getOperatorStates().stream()
        .filter(state -> !operators.contains(state.getOperatorID()))
        .filter(SnapshotMetadata::holdsState)
        .map(state -> state.getOperatorUid().orElse(state.getOperatorID().toString()))
        .sorted()
        .toList();
  }

  private static boolean holdsState(OperatorState state) {
    return state.getCoordinatorState() != null
        || state.getStates().stream().anyMatch(subtask -> subtask.hasState());
  }

  Path path() {
    return path;
  }
}
