package dev.statefun.kafka.restore;

import static dev.statefun.kafka.restore.RestoreAssertions.configurationFailure;
import static dev.statefun.kafka.restore.RestoreAssertions.counts;
import static dev.statefun.kafka.restore.RestoreAssertions.oneTo;
import static dev.statefun.kafka.restore.RestoreAssertions.valuesPerKey;
import static dev.statefun.kafka.testing.TestApplications.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.statefun.kafka.sdk.StatefunConfigurationException;
import dev.statefun.kafka.testing.ApplicationRuns;
import dev.statefun.kafka.testing.TestBroker;
import java.io.DataInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.IncrementalKeyedStateHandle;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Restarts of the application in this JVM (a closed and re-created Spring context on the same
 * checkpoint directory), as in StateFun's own e2e test: state survives a graceful stop (a
 * savepoint) and a stop without one (the newest retained checkpoint, with RocksDB), and a
 * snapshot that cannot be restored stops startup with its path instead of starting empty.
 */
@ExtendWith(OutputCaptureExtension.class)
class GracefulRestartITCase {

  static final TestBroker BROKER = TestBroker.start();

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  @Test
  void gracefulRestartContinuesEveryCountFromTheSavepoint(@TempDir Path checkpoints, CapturedOutput output) {
    BROKER.createTopic("graceful-in", 1);
    BROKER.createTopic("graceful-out", 1);
    Map<String, Object> properties = CountingApplication.properties(BROKER.bootstrapServers(),
        checkpoints.toUri().toString(), "graceful", "graceful-in", "graceful-out");

    try (ConfigurableApplicationContext app = CountingApplication.run(properties)) {
      assertThat(runner(app).restoredFrom()).isEmpty();
      send("graceful-in", "alice", "a1", "a2", "a3");
      assertThat(counts(readValues("graceful-out", 3).get("alice"), "")).containsExactly(1, 2, 3);
    }
    assertThat(output).contains("No savepoint or checkpoint in " + checkpoints.toAbsolutePath())
        .contains("Stopped graceful with a savepoint at");

    try (ConfigurableApplicationContext app = CountingApplication.run(properties)) {
      assertThat(runner(app).restoredFrom()).get().asString().contains("savepoints" + java.io.File.separator + "savepoint-");
      send("graceful-in", "alice", "a4", "a5", "a6");
      Map<String, List<String>> values = readValues("graceful-out", 6);
      assertThat(values.keySet()).containsExactly("alice");
      assertThat(values.get("alice")).containsExactly("1:a1", "2:a2", "3:a3", "4:a4", "5:a5", "6:a6");
    }
    assertThat(output).contains("restored from " + runnerSavepointPrefix(checkpoints));
    // the savepoint's own transactions, committed when it was taken, are no loss
    assertThat(ApplicationRuns.fencingErrors(output.getAll())).as("ERRORs about fencing or data loss").isEmpty();
  }

  @Test
  void rocksDbStateSurvivesAStopWithoutSavepointAndAnIncompatibleSnapshotFailsStartup(@TempDir Path checkpoints,
      CapturedOutput output) throws Exception {
    BROKER.createTopic("rocks-in", 1);
    BROKER.createTopic("rocks-out", 1);
    Map<String, Object> properties = CountingApplication.properties(BROKER.bootstrapServers(),
        checkpoints.toUri().toString(), "rocks", "rocks-in", "rocks-out");
    properties.put("statefun.flink.state-backend", "rocksdb");

    try (ConfigurableApplicationContext app = CountingApplication.run(properties)) {
      send("rocks-in", "bob", "b1", "b2", "b3");
      assertThat(counts(readValues("rocks-out", 3).get("bob"), "")).containsExactly(1, 2, 3);
      // committed output means a completed checkpoint holds the state; now go down as a crash would
      runner(app).close();
    }
    assertThat(output).doesNotContain("Stopped rocks with a savepoint");

    try (ConfigurableApplicationContext app = CountingApplication.run(properties)) {
      String restored = runner(app).restoredFrom().orElseThrow();
      assertThat(restored).contains(java.io.File.separator + "chk-");
      assertThat(keyedStateHandles(Path.of(restored))).as("keyed state of the restored checkpoint")
          .isNotEmpty().allMatch(handle -> handle instanceof IncrementalKeyedStateHandle);
      send("rocks-in", "bob", "b4", "b5", "b6");
      assertThat(readValues("rocks-out", 6).get("bob")).containsExactly("1:b1", "2:b2", "3:b3", "4:b4", "5:b5", "6:b6");
    }

    // incompatible: the snapshot's key groups (max parallelism 128) cannot be restored with 64
    Path savepoint = newestSavepoint(checkpoints);
    properties.put("statefun.flink.max-parallelism", "64");
    StatefunConfigurationException incompatible =
        configurationFailure(catchThrowable(() -> CountingApplication.run(properties).close()));
    assertThat(incompatible.location()).isEqualTo("statefun.flink.restore");
    assertThat(incompatible.getMessage()).contains(savepoint.toString()).contains("statefun.flink.restore: none");

    // corrupt: a truncated _metadata fails before the job is submitted
    properties.remove("statefun.flink.max-parallelism");
    Path metadata = savepoint.resolve("_metadata");
    byte[] bytes = Files.readAllBytes(metadata);
    Files.write(metadata, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    StatefunConfigurationException corrupt =
        configurationFailure(catchThrowable(() -> CountingApplication.run(properties).close()));
    assertThat(corrupt.getMessage()).contains(metadata.toString()).contains("statefun.flink.restore: none");

    // the way out the message names: start without state (and, with startup position earliest, read all again)
    properties.put("statefun.flink.restore", "none");
    try (ConfigurableApplicationContext app = CountingApplication.run(properties)) {
      assertThat(runner(app).restoredFrom()).isEmpty();
      send("rocks-in", "carol", "c1");
      Map<String, List<String>> values = readValues("rocks-out", 13);
      assertThat(values.get("bob").subList(6, 12)).containsExactly("1:b1", "2:b2", "3:b3", "4:b4", "5:b5", "6:b6");
      assertThat(values.get("carol")).containsExactly("1:c1");
    }
    assertThat(metadata).as("a snapshot is never cleaned up after an explicit restore setting").exists();
  }

  /** The keyed state in a snapshot: RocksDB's incremental checkpoints write incremental handles. */
  private static List<KeyedStateHandle> keyedStateHandles(Path snapshot) throws Exception {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(snapshot.resolve("_metadata")))) {
      CheckpointMetadata metadata = Checkpoints.loadCheckpointMetadata(in, GracefulRestartITCase.class.getClassLoader(), snapshot.toString());
      return metadata.getOperatorStates().stream()
          .flatMap(operator -> operator.getStates().stream())
          .flatMap(subtask -> subtask.getManagedKeyedState().stream())
          .toList();
    }
  }

  private static String runnerSavepointPrefix(Path checkpoints) {
    return checkpoints.toAbsolutePath().resolve("savepoints").resolve("savepoint-").toString();
  }

  private static Path newestSavepoint(Path checkpoints) throws Exception {
    try (var savepoints = Files.list(checkpoints.resolve("savepoints"))) {
      return savepoints.max(java.util.Comparator.comparing(dir -> dir.resolve("_metadata").toFile().lastModified()))
          .orElseThrow();
    }
  }

  private static void send(String topic, String key, String... values) {
    BROKER.send(topic, java.util.Arrays.stream(values).map(value -> Map.entry(key, value)).toList());
  }

  private static Map<String, List<String>> readValues(String topic, int expected) {
    List<ConsumerRecord<byte[], byte[]>> records =
        BROKER.readCommitted(topic, expected, Duration.ofSeconds(60), Duration.ofSeconds(1));
    assertThat(records).as("records read_committed from %s", topic).hasSize(expected);
    return valuesPerKey(records);
  }
}
