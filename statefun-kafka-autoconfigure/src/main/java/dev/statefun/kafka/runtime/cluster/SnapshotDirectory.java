package dev.statefun.kafka.runtime.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint directory of an application: retained checkpoints ({@code <dir>/<job
 * id>/chk-N}) and savepoints ({@code <dir>/savepoints/savepoint-*}). Finds the newest complete
 * snapshot of either kind by the time its metadata was written (a stop with savepoint removes
 * the job's own checkpoints, so an older checkpoint may still lie there).
 */
public final class SnapshotDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotDirectory.class);
  private static final String METADATA = "_metadata";
  private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");

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

  /** The newest complete checkpoint of one job, if it completed any. */
  public Optional<Path> newestCheckpointOf(String jobId) {
    Path jobDir = root.resolve(jobId);
    if (!Files.isDirectory(jobDir)) {
      return Optional.empty();
    }
    try (Stream<Path> checkpoints = Files.list(jobDir)) {
      return checkpoints
          .filter(dir -> dir.getFileName().toString().startsWith("chk-") && Files.isRegularFile(dir.resolve(METADATA)))
          .max(Comparator.comparing(dir -> modified(dir.resolve(METADATA))));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot scan the checkpoint directory " + jobDir, e);
    }
  }

  /**
   * Deletes what {@code newest}, a complete checkpoint of the running job, supersedes: the folders
   * of other jobs (earlier runs; a restored checkpoint is never deleted by Flink) and complete
   * savepoints, all only when nothing in them is newer than {@code newest}. Keeps {@code keep}
   * (the snapshot this run restored, with its job folder) as a fallback for one more run, and
   * anything it does not recognize. Returns what it deleted.
   */
  public List<Path> deleteSupersededBy(Path newest, Path keep) {
    Path jobDir = newest.getParent();
    FileTime newestTime = modified(newest.resolve(METADATA));
    Path kept = keep == null ? null : keep.toAbsolutePath().normalize();
    List<Path> candidates = new ArrayList<>();
    try (Stream<Path> children = Files.list(root)) {
      children.filter(dir -> Files.isDirectory(dir) && JOB_ID.matcher(dir.getFileName().toString()).matches()
          && !dir.equals(jobDir)).forEach(candidates::add);
    } catch (IOException e) {
      LOG.warn("Cannot scan {} for old checkpoints: {}", root, e.toString());
      return List.of();
    }
    Path savepoints = root.resolve("savepoints");
    if (Files.isDirectory(savepoints)) {
      try (Stream<Path> children = Files.list(savepoints)) {
        children.filter(dir -> dir.getFileName().toString().startsWith("savepoint-")
            && Files.isRegularFile(dir.resolve(METADATA))).forEach(candidates::add);
      } catch (IOException e) {
        LOG.warn("Cannot scan {} for old savepoints: {}", savepoints, e.toString());
      }
    }
    List<Path> deleted = new ArrayList<>();
    for (Path candidate : candidates) {
      if (kept != null && kept.startsWith(candidate.toAbsolutePath().normalize())) {
        continue;
      }
      if (newestModification(candidate).compareTo(newestTime) < 0 && deleteRecursively(candidate)) {
        deleted.add(candidate);
      }
    }
    return deleted;
  }

  /** When the newest file in {@code dir} was written (directories change when Flink deletes in them). */
  private static FileTime newestModification(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).map(SnapshotDirectory::modified).max(Comparator.naturalOrder())
          .orElse(FileTime.fromMillis(0));
    } catch (IOException | UncheckedIOException e) {
      return FileTime.fromMillis(Long.MAX_VALUE);
    }
  }

  /** Deletes metadata files first, so a deletion cut short never leaves a snapshot that looks complete. */
  private static boolean deleteRecursively(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
      for (Path file : all) {
        if (file.getFileName().toString().equals(METADATA)) {
          Files.deleteIfExists(file);
        }
      }
      for (Path file : all) {
        Files.deleteIfExists(file);
      }
      return true;
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Cannot delete the old snapshot {}: {}", dir, e.toString());
      return false;
    }
  }

  /** The metadata file of a snapshot given as its directory or as the file itself. */
  public static Path metadataFile(Path snapshot) {
    return Files.isDirectory(snapshot) ? snapshot.resolve(METADATA) : snapshot;
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
