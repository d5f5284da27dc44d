package dev.statefun.kafka.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.runtime.graph.StatefulFunctionsJobGraph;
import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.testing.TestBroker;
import java.io.DataInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Volleys between addresses of two instances that go on until told to stop, stopped with a
 * savepoint while every ball is in flight round the feedback loop (the savepoint holds some as the
 * loop's log), then restored at parallelism 3: the logged balls move with their key groups to the
 * new instances, and every volley goes on, each ball delivered once and in order, until its ping
 * is told to stop. A lost ball never stops its volley; a duplicated one arrives out of order.
 */
class FeedbackRescaleITCase {

  static final TestBroker BROKER = TestBroker.start();
  static final int VOLLEYS = 24;

  @TempDir
  static Path checkpoints;

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  @Test
  void aSavepointWithMessagesInFlightRestoresAtAHigherParallelismWithEachDeliveredOnce() throws Exception {
    List<Map.Entry<String, String>> volleys = new ArrayList<>();
    List<Map.Entry<String, String>> stops = new ArrayList<>();
    List<String> progress = new ArrayList<>();
    List<String> pings = new ArrayList<>();
    for (int i = 0; i < VOLLEYS; i++) {
      String id = "volley-" + i;
      volleys.add(Map.entry(id, "volley"));
      stops.add(Map.entry(id, "stop"));
      progress.add(receiver(id, PingPongApplication.VOLLEY_PROGRESS) + " volley at " + PingPongApplication.VOLLEY_PROGRESS);
      pings.add(new Address(PingPongApplication.PING, id).toString());
    }

    String savepoint;
    try (TestApp app = TestApp.start(PingPongApplication.class, BROKER, checkpoints, "feedback-rescale", 2, "test/ping",
        Map.of())) {
      app.send(volleys);
      app.awaitLine("volley at", Duration.ofSeconds(60));
      savepoint = app.runner().stop().orElseThrow();
    }
    assertThat(loggedBytes(savepoint)).as("bytes of messages in flight in the savepoint (the loop's log)").isPositive();

    try (TestApp app = TestApp.start(PingPongApplication.class, BROKER, checkpoints, "feedback-rescale", 3, "test/ping",
        Map.of())) {
      assertThat(app.runner().restoredFrom()).contains(Path.of(URI.create(savepoint)).toString());
      // a volley told to stop before its progress mark would never write it
      awaitProgress(app, VOLLEYS, Duration.ofSeconds(120));
      app.send(stops);
      List<String> lines = app.committedLines(2 * VOLLEYS, Duration.ofSeconds(180), Duration.ofSeconds(3));
      assertThat(lines).as("no ball out of order or twice").noneMatch(line -> line.contains("out of order"));
      assertThat(lines).as("each volley passed its progress mark once").filteredOn(line -> line.contains(" volley at "))
          .containsExactlyInAnyOrderElementsOf(progress);
      assertThat(lines).as("each volley went on after the restore until it was stopped, once")
          .filteredOn(line -> line.contains(" volley stopped at "))
          .extracting(line -> line.substring(0, line.indexOf(' ')))
          .containsExactlyInAnyOrderElementsOf(pings);
      assertThat(lines).hasSize(2 * VOLLEYS);
    }
  }

  private static void awaitProgress(TestApp app, int volleys, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> lines = List.of();
    while (System.nanoTime() < deadline) {
      lines = app.committedLines(Integer.MAX_VALUE, Duration.ofMillis(500), Duration.ZERO);
      if (lines.stream().filter(line -> line.contains(" volley at ")).count() >= volleys) {
        return;
      }
    }
    throw new AssertionError("Not every volley passed its progress mark within " + timeout + "; lines: " + lines);
  }

  /** Pong receives the odd numbers of a volley, ping the even ones. */
  private static Address receiver(String id, int number) {
    return number % 2 == 1 ? PingPongApplication.rallyPartner(id) : new Address(PingPongApplication.PING, id);
  }

  private static long loggedBytes(String savepoint) throws Exception {
    Path metadata = Path.of(URI.create(savepoint)).resolve("_metadata");
    try (InputStream in = Files.newInputStream(metadata)) {
      CheckpointMetadata snapshot = Checkpoints.loadCheckpointMetadata(new DataInputStream(in),
          FeedbackRescaleITCase.class.getClassLoader(), savepoint);
      long bytes = 0;
      for (OperatorState operator : snapshot.getOperatorStates()) {
        if (operator.getOperatorUid().filter(StatefulFunctionsJobGraph.FEEDBACK_HEAD_UID::equals).isPresent()) {
          for (OperatorSubtaskState subtask : operator.getStates()) {
            for (KeyedStateHandle handle : subtask.getRawKeyedState()) {
              bytes += handle.getStateSize();
            }
          }
        }
      }
      return bytes;
    }
  }
}
