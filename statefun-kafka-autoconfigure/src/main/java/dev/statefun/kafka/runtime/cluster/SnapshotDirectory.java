package dev.statefun.kafka.runtime.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checkpoint directory of an application: retained checkpoints ({@code <dir>/<job
 * id>/chk-N}) and savepoints ({@code <dir>/savepoints/savepoint-*}). Finds the newest complete
 * snapshot of either kind by the time its metadata was written (a stop with savepoint removes
 * the job's own checkpoints, so an older checkpoint may still lie there).
 */
public final class SnapshotDirectory {

  private static final String METADATA = "_metadata";

  private final Path root;

  public SnapshotDirectory(String checkpointDir) {
    this.root = toPath(checkpointDir);
  }

  static Path toPath(String location) {
    if (location.startsWith("file://")) {
      return Path.of(URI.create(location)).toAbsolutePath();
    }
    if (location.startsWith("file:")) {
      return Path.of(location.substring("file:".length())).toAbsolutePath().normalize();
    }
    if (location.contains("://")) {
      throw new IllegalArgumentException("Only file: checkpoint directories can be scanned for restore: " + location);
    }
    return Path.of(location).toAbsolutePath();
  }

  public Path root() {
    return root;
  }

  /** Where checkpoints go, as a URI for Flink. */
  public String checkpointsUri() {
    return root.toUri().toString();
  }

  /** Where savepoints go, as a URI for Flink. */
  public String savepointsUri() {
    return root.resolve("savepoints").toUri().toString();
  }

  /** The newest complete savepoint or checkpoint, if any. */
  public Optional<Path> newestSnapshot() {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> metadata = Files.find(root, 3, (path, attrs) ->
        attrs.isRegularFile() && path.getFileName().toString().equals(METADATA) && isSnapshotDir(path.getParent()))) {
      return metadata.max(Comparator.comparing(SnapshotDirectory::modified)).map(Path::getParent);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot scan the checkpoint directory " + root, e);
    }
  }

  private static boolean isSnapshotDir(Path dir) {
    String name = dir.getFileName().toString();
    return name.startsWith("chk-") || name.startsWith("savepoint-");
  }

  private static FileTime modified(Path path) {
    try {
      return Files.getLastModifiedTime(path);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }
}
