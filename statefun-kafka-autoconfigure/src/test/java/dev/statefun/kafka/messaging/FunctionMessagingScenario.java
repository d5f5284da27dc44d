package dev.statefun.kafka.messaging;

import static dev.statefun.kafka.messaging.PingPongApplication.PING;
import static dev.statefun.kafka.messaging.PingPongApplication.PONG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * Ping-pong rallies, fan-outs with replies through {@code caller()} and chains across two
 * function types, with one job failure injected in the middle of a rally; the read_committed
 * output must hold every expected line exactly once.
 */
public abstract class FunctionMessagingScenario {

  static final int BALLS = 8;
  static final int WIDTH = 12;
  static final int CHAIN = 7;

  /** Runs the scenario on a fresh application of this parallelism; returns the app, still running. */
  static TestApp runScenario(TestBroker broker, Path checkpoints, String id, int parallelism) {
    PingPongApplication.FAILED_ONCE.clear();
    TestApp app = TestApp.start(PingPongApplication.class, broker, checkpoints, id, parallelism, "test/ping", Map.of());
    List<String> expected = new ArrayList<>();
    List<Map.Entry<String, String>> commands = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      commands.add(Map.entry("rally-" + i, "pingpong " + BALLS));
      expected.addAll(rally("rally-" + i, BALLS));
    }
    for (int i = 0; i < 4; i++) {
      commands.add(Map.entry("fan-" + i, "fanout " + WIDTH));
      expected.addAll(fanOut("fan-" + i, WIDTH));
    }
    for (int i = 0; i < 4; i++) {
      commands.add(Map.entry("chain-" + i, "chain " + CHAIN));
      expected.addAll(chain("chain-" + i, CHAIN));
    }
    app.send(commands);
    // a rally whose pong fails once on ball 3: sent once the first lines are committed, so a
    // checkpoint has completed; with 2 instances ping and pong are on different ones, so the
    // balls before the failure crossed the feedback loop
    String failing = failingRallyId(parallelism);
    app.awaitLine("got ball", Duration.ofSeconds(60));
    app.send(failing, "pingpong " + BALLS);
    expected.addAll(rally(failing, BALLS));

    List<String> lines = app.committedLines(expected.size(), Duration.ofSeconds(90), Duration.ofSeconds(3));

    assertThat(PingPongApplication.FAILED_ONCE).as("the injected failure happened").hasSize(1);
    assertThat(lines).as("every expected line exactly once").containsExactlyInAnyOrderElementsOf(expected);
    return app;
  }

  private static String failingRallyId(int parallelism) {
    for (int i = 0; ; i++) {
      String id = PingPongApplication.FAIL_ONCE_PREFIX + i;
      if (parallelism == 1 || subtaskOf(new Address(PING, id), parallelism)
          != subtaskOf(PingPongApplication.rallyPartner(id), parallelism)) {
        return id;
      }
    }
  }

  static int subtaskOf(Address address, int parallelism) {
    return KeyGroupRangeAssignment.assignKeyToParallelOperator(address.id(), 128, parallelism);
  }

  public static List<String> rally(String id, int balls) {
    List<String> lines = new ArrayList<>();
    Address ping = new Address(PING, id);
    Address pong = PingPongApplication.rallyPartner(id);
    for (int ball = 1; ball <= balls; ball++) {
      Address to = ball % 2 == 1 ? pong : ping;
      Address from = ball % 2 == 1 ? ping : pong;
      lines.add(to + " got ball " + ball + " from " + from);
    }
    return lines;
  }

  public static List<String> fanOut(String id, int width) {
    List<String> lines = new ArrayList<>();
    Address ping = new Address(PING, id);
    for (int i = 0; i < width; i++) {
      Address pong = new Address(PONG, id + "-" + i);
      lines.add(ping + " answer 'I am " + pong + "' from " + pong);
    }
    lines.add(ping + " fan-out of " + width + " complete");
    return lines;
  }

  public static List<String> chain(String id, int length) {
    List<String> lines = new ArrayList<>();
    for (int hop = 1; hop <= length; hop++) {
      Address at = new Address(hop % 2 == 1 ? PONG : PING, id + "-hop" + hop);
      lines.add(at + " chain " + id + " hop " + hop + " of " + length);
    }
    return lines;
  }
}
