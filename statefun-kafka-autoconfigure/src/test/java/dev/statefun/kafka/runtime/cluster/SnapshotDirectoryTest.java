package dev.statefun.kafka.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotDirectoryTest {

  static final String OLD_JOB = "0123456789abcdef0123456789abcdef";
  static final String OTHER_JOB = "fedcba9876543210fedcba9876543210";
  static final String RUNNING_JOB = "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb";
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  Path root;

  @Test
  void newestSnapshotIsTheNewestMetadataNotTheHighestCheckpointNumber() throws IOException {
    snapshot(OLD_JOB + "/chk-40", 10);
    Path savepoint = snapshot("savepoints/savepoint-0a1b2c-000000000001", 20);
    snapshot(OTHER_JOB + "/chk-3", 15);
    Files.createDirectories(root.resolve(OTHER_JOB + "/chk-4")); // in progress: no _metadata

    assertThat(new SnapshotDirectory(root.toUri().toString()).newestSnapshot()).contains(savepoint);
  }

  @Test
  void anEmptyOrMissingDirectoryHasNoSnapshot() {
    assertThat(new SnapshotDirectory(root.resolve("missing").toUri().toString()).newestSnapshot()).isEmpty();
    assertThat(new SnapshotDirectory(root.toUri().toString()).newestSnapshot()).isEmpty();
  }

  @Test
  void newestCheckpointOfAJobIgnoresIncompleteCheckpoints() throws IOException {
    SnapshotDirectory snapshots = new SnapshotDirectory(root.toUri().toString());
    assertThat(snapshots.newestCheckpointOf(RUNNING_JOB)).isEmpty();
    Files.createDirectories(root.resolve(RUNNING_JOB + "/chk-1"));
    assertThat(snapshots.newestCheckpointOf(RUNNING_JOB)).isEmpty();
    Path complete = snapshot(RUNNING_JOB + "/chk-2", 50);
    assertThat(snapshots.newestCheckpointOf(RUNNING_JOB)).contains(complete);
  }

  @Test
  void supersededSnapshotsAreDeletedButTheRestoredOneNewerOnesAndUnknownFilesStay() throws IOException {
    Path oldJob = snapshot(OLD_JOB + "/chk-7", 10).getParent();
    Path restored = snapshot("savepoints/savepoint-000001-000000000001", 20);
    Path olderSavepoint = snapshot("savepoints/savepoint-000000-000000000000", 5);
    Path unfinishedSavepoint = Files.createDirectories(root.resolve("savepoints/savepoint-000002-000000000002"));
    Path concurrentJob = snapshot(OTHER_JOB + "/chk-1", 100).getParent();
    Path unknown = Files.createDirectories(root.resolve("notes"));
    Path newest = snapshot(RUNNING_JOB + "/chk-1", 30);

    List<Path> deleted = new SnapshotDirectory(root.toUri().toString()).deleteSupersededBy(newest, restored);

    assertThat(deleted).containsExactlyInAnyOrder(oldJob, olderSavepoint);
    assertThat(oldJob).doesNotExist();
    assertThat(olderSavepoint).doesNotExist();
    assertThat(List.of(restored, unfinishedSavepoint, concurrentJob, unknown, newest)).allMatch(Files::exists);
  }

  @Test
  void aRestoredCheckpointKeepsItsWholeJobFolder() throws IOException {
    Path restored = snapshot(OLD_JOB + "/chk-7", 10);
    Files.createDirectories(root.resolve(OLD_JOB + "/shared"));
    Path newest = snapshot(RUNNING_JOB + "/chk-1", 30);

    assertThat(new SnapshotDirectory(root.toUri().toString()).deleteSupersededBy(newest, restored)).isEmpty();
    assertThat(root.resolve(OLD_JOB + "/shared")).exists();
  }

  /** A complete snapshot whose files were all written {@code seconds} after T0. */
  private Path snapshot(String relative, int seconds) throws IOException {
    Path dir = Files.createDirectories(root.resolve(relative));
    Files.writeString(dir.resolve("_metadata"), "metadata");
    Files.writeString(dir.resolve("state"), "state");
    FileTime time = FileTime.from(T0.plusSeconds(seconds));
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.toList()) {
        Files.setLastModifiedTime(file, time);
      }
    }
    return dir;
  }
}
