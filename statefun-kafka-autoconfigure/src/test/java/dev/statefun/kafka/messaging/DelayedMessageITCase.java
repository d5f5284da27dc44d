package dev.statefun.kafka.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delayed messages ({@code sendAfter}) arrive once, no earlier than their delay, in order for
 * equal deadlines, across a job failure (timers and keyed state restored from a checkpoint) and
 * across an application restart (stopped with a savepoint, a new application on the same
 * checkpoint directory).
 */
class DelayedMessageITCase {

  static final TestBroker BROKER = TestBroker.start();
  static final Map<String, Object> NO_MORE_PROPERTIES = Map.of();

  @TempDir
  static Path checkpoints;

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  @Test
  void delayedMessagesArriveOnceNoEarlierThanTheirDelayInOrderAndAcrossAJobFailure() {
    DelayedMessageApplication.FAILED_ONCE.clear();
    try (TestApp app = TestApp.start(DelayedMessageApplication.class, BROKER, checkpoints.resolve("failure"),
        "delayed-failure", 2, "test/scheduler", NO_MORE_PROPERTIES)) {
      app.send(List.of(
          Map.entry("s1", "schedule 2000 5 a1"),
          Map.entry("s2", "schedule 1200 3 a2"),
          Map.entry("s3", "schedule 0 2 a3"),
          Map.entry("s4", "schedule 2500 4 a4")));
      // once the scheduling is committed a checkpoint holds the pending messages; then the job fails
      app.awaitLine("scheduled 4 for test/alarm/a4", Duration.ofSeconds(60));
      app.send("s5", "fail-once");

      List<String> expected = new ArrayList<>();
      expected.add("test/scheduler/s1 scheduled 5 for test/alarm/a1");
      expected.add("test/scheduler/s2 scheduled 3 for test/alarm/a2");
      expected.add("test/scheduler/s3 scheduled 2 for test/alarm/a3");
      expected.add("test/scheduler/s4 scheduled 4 for test/alarm/a4");
      expected.add("test/scheduler/s5 failed once");
      expected.addAll(dueLines("s1", "a1", 5));
      expected.addAll(dueLines("s2", "a2", 3));
      expected.addAll(dueLines("s3", "a3", 2));
      expected.addAll(dueLines("s4", "a4", 4));
      List<String> lines = app.committedLines(expected.size(), Duration.ofSeconds(60), Duration.ofSeconds(3));

      assertThat(DelayedMessageApplication.FAILED_ONCE).as("the injected failure happened").hasSize(1);
      assertThat(lines).containsExactlyInAnyOrderElementsOf(expected);
      // lines of one alarm share a key and a partition, so their order is the delivery order
      for (String alarm : List.of("a1", "a2", "a3", "a4")) {
        List<String> ofAlarm = lines.stream().filter(line -> line.startsWith("test/alarm/" + alarm + " ")).toList();
        assertThat(ofAlarm).as("equal deadlines keep the order they were sent in").isSorted();
      }
    }
  }

  @Test
  void aDelayedMessageArrivesAfterTheApplicationRestartedInBetween() {
    Path dir = checkpoints.resolve("restart");
    try (TestApp first = TestApp.start(DelayedMessageApplication.class, BROKER, dir, "delayed-restart", 1,
        "test/scheduler", NO_MORE_PROPERTIES)) {
      first.send("s", "schedule 5000 2 later");
      first.awaitLine("scheduled 2 for test/alarm/later", Duration.ofSeconds(60));
    }
    List<String> beforeRestart = BROKER.readCommitted("delayed-restart-out", Integer.MAX_VALUE, Duration.ofSeconds(2),
        Duration.ZERO).stream().map(record -> TestBroker.utf8(record.value())).toList();
    assertThat(beforeRestart).as("the delay outlasts the first run").noneMatch(line -> line.contains(" due "));

    try (TestApp second = TestApp.start(DelayedMessageApplication.class, BROKER, dir, "delayed-restart", 1,
        "test/scheduler", NO_MORE_PROPERTIES)) {
      assertThat(second.runner().restoredFrom()).hasValueSatisfying(path -> assertThat(path).contains("savepoint"));
      List<String> lines = second.committedLines(3, Duration.ofSeconds(60), Duration.ofSeconds(3));
      List<String> expected = new ArrayList<>(List.of("test/scheduler/s scheduled 2 for test/alarm/later"));
      expected.addAll(dueLines("s", "later", 2));
      assertThat(lines).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  private static List<String> dueLines(String scheduler, String alarm, int count) {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      lines.add("test/alarm/" + alarm + " due " + i + " from test/scheduler/" + scheduler + " on time");
    }
    return lines;
  }
}
