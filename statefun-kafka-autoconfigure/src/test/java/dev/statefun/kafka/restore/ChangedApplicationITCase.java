package dev.statefun.kafka.restore;

import static dev.statefun.kafka.restore.RestoreAssertions.configurationFailure;
import static dev.statefun.kafka.restore.RestoreAssertions.counts;
import static dev.statefun.kafka.restore.RestoreAssertions.valuesPerKey;
import static dev.statefun.kafka.testing.TestApplications.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.statefun.kafka.sdk.StatefunConfigurationException;
import dev.statefun.kafka.testing.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A changed application restores what still matches: three runs on one checkpoint directory,
 * (1) parallelism 1 with two ingresses, (2) parallelism 2, (3) one ingress removed and a
 * function added. Every key keeps its count across all three; the added function starts
 * empty; the removed ingress's state is dropped with a warning (or, with
 * {@code allow-non-restored-state: false}, startup fails naming it); and once the third run has
 * checkpointed, the snapshots of the first two are gone except the one it restored.
 */
@ExtendWith(OutputCaptureExtension.class)
class ChangedApplicationITCase {

  static final TestBroker BROKER = TestBroker.start();
  static final int KEYS = 20;

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  @Test
  void rescaledAndChangedApplicationKeepsEveryKeysState(@TempDir Path checkpoints, CapturedOutput output) {
    BROKER.createTopic("changed-a", 2);
    BROKER.createTopic("changed-b", 2);
    BROKER.createTopic("changed-out", 2);
    Map<String, Object> properties = CountingApplication.properties(BROKER.bootstrapServers(),
        checkpoints.toUri().toString(), "changed", "changed-a", "changed-out");
    properties.put("statefun.kafka.ingresses[1].id", "restore/extra");
    properties.put("statefun.kafka.ingresses[1].consumer-group-id", "changed-extra");
    properties.put("statefun.kafka.ingresses[1].topics", "changed-b");
    properties.put("statefun.kafka.ingresses[1].deserializer", "inputDeserializer");
    properties.put("statefun.kafka.ingresses[1].targets", "restore/counter");
    properties.put("statefun.kafka.ingresses[1].startup-position.type", "earliest");

    try (ConfigurableApplicationContext app = CountingApplication.run(properties)) {
      sendToEveryKey("changed-a", "a1");
      sendToEveryKey("changed-b", "b1");
      assertEveryKeyCounted(readAll(2 * KEYS), 2);
    }

    properties.put("statefun.flink.parallelism", "2");
    try (ConfigurableApplicationContext app = CountingApplication.run(properties)) {
      assertThat(runner(app).restoredFrom()).isPresent();
      sendToEveryKey("changed-a", "a2");
      assertEveryKeyCounted(readAll(3 * KEYS), 3);
    }
    Path restoredByThirdRun = onlySavepointNewerThanAll(checkpoints);

    properties.keySet().removeIf(key -> key.startsWith("statefun.kafka.ingresses[1]"));
    properties.put("statefun.kafka.ingresses[0].targets", "restore/counter,restore/audit");
    properties.put("restore-test.audit", "true");
    properties.put("statefun.flink.allow-non-restored-state", "false");
    StatefunConfigurationException strict =
        configurationFailure(catchThrowable(() -> CountingApplication.run(properties).close()));
    assertThat(strict.location()).isEqualTo("statefun.flink.allow-non-restored-state");
    assertThat(strict.getMessage()).contains(restoredByThirdRun.toString()).contains("[ingress/restore/extra]");

    properties.remove("statefun.flink.allow-non-restored-state");
    try (ConfigurableApplicationContext app = CountingApplication.run(properties)) {
      String jobId = runner(app).jobId().orElseThrow().toString();
      assertThat(runner(app).restoredFrom()).get().isEqualTo(restoredByThirdRun.toString());
      assertThat(output).contains("drops the state of operators this job no longer has: [ingress/restore/extra");
      sendToEveryKey("changed-a", "a3");
      Map<String, List<String>> values = valuesPerKey(readAll(5 * KEYS));
      assertThat(values).hasSize(KEYS);
      values.forEach((key, outputs) -> {
        assertThat(counts(outputs, "")).as("counter of %s", key).containsExactly(1, 2, 3, 4);
        assertThat(outputs).as("counter of %s", key).contains("4:a3");
        assertThat(outputs).as("audit of %s, added in this run", key).contains("audit:1:a3")
            .filteredOn(value -> value.startsWith("audit:")).hasSize(1);
      });

      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(children(checkpoints)).containsExactlyInAnyOrder("savepoints", jobId);
        assertThat(children(checkpoints.resolve("savepoints")))
            .containsExactly(restoredByThirdRun.getFileName().toString());
      });
    }
    assertThat(output).contains("Deleted 2 snapshot(s) of earlier runs");
  }

  private static void sendToEveryKey(String topic, String value) {
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (int k = 0; k < KEYS; k++) {
      records.add(Map.entry("key-" + k, value));
    }
    BROKER.send(topic, records);
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(int expected) {
    List<ConsumerRecord<byte[], byte[]>> records =
        BROKER.readCommitted("changed-out", expected, Duration.ofSeconds(60), Duration.ofSeconds(1));
    assertThat(records).hasSize(expected);
    return records;
  }

  private static void assertEveryKeyCounted(List<ConsumerRecord<byte[], byte[]>> records, int times) {
    Map<String, List<String>> values = valuesPerKey(records);
    assertThat(values).hasSize(KEYS);
    values.forEach((key, outputs) ->
        assertThat(counts(outputs, "")).as("counts of %s", key).isEqualTo(RestoreAssertions.oneTo(1, times)));
  }

  private static Path onlySavepointNewerThanAll(Path checkpoints) {
    try (Stream<Path> savepoints = Files.list(checkpoints.resolve("savepoints"))) {
      return savepoints.max((a, b) -> Long.compare(a.resolve("_metadata").toFile().lastModified(),
          b.resolve("_metadata").toFile().lastModified())).orElseThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> children(Path dir) throws java.io.IOException {
    try (Stream<Path> children = Files.list(dir)) {
      return children.map(path -> path.getFileName().toString()).toList();
    }
  }
}
