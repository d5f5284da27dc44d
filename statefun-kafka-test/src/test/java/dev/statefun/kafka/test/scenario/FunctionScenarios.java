package dev.statefun.kafka.test.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.sdk.Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One set of scenarios, run against the harness ({@link FunctionScenariosHarnessTest}) and a
 * real job ({@link FunctionScenariosITCase}); both must write exactly the expected lines, so
 * they agree. Each scenario uses its own addresses (ids with its own prefix): the job runs them
 * all in one application.
 */
abstract class FunctionScenarios {

  /** Where the scenarios run. */
  abstract ScenarioRun run();

  static Address reminder(String id) {
    return new Address(Reminders.TYPE, id);
  }

  @Test
  void typedHandlersChooseByMessageTypeKeepStateAndTalkToALambdaFunction() {
    Address alice = reminder("typed-alice");
    Address bob = reminder("typed-bob");
    run().send(alice, "schedule tea 1000");
    run().send(alice, "schedule cake 1500");
    run().send(bob, "schedule coffee 1000");
    run().awaitLine(alice + " scheduled cake");
    run().awaitLine(bob + " scheduled coffee");
    run().advanceTime(Duration.ofSeconds(3));
    run().send(alice, "status");
    run().send(bob, "status");

    List<String> expected = new ArrayList<>(List.of(
        alice + " scheduled tea", alice + " scheduled cake", bob + " scheduled coffee",
        alice + " has rung 2 times", bob + " has rung 1 times"));
    expected.addAll(rings(alice, "tea", 1));
    expected.addAll(rings(alice, "cake", 2));
    expected.addAll(rings(bob, "coffee", 1));
    assertThat(run().lines("typed-", expected.size())).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void aCancelledMessageIsNeverDeliveredAPendingTokenIsRefusedAndAnUnknownOneIgnored() {
    Address carol = reminder("cancel-carol");
    run().send(carol, "schedule a 5000");
    run().send(carol, "schedule b 5000");
    run().send(carol, "cancel a");
    run().send(carol, "cancel unknown");
    run().send(carol, "schedule b 100");
    run().awaitLine(carol + " refused b: still pending");
    run().advanceTime(Duration.ofSeconds(6));
    // once delivered, a token is free again
    run().send(carol, "schedule b 100");
    run().advanceTime(Duration.ofSeconds(1));
    run().awaitLine(carol + " rang b (2)");
    run().send(carol, "status");

    List<String> expected = new ArrayList<>(List.of(
        carol + " scheduled a", carol + " scheduled b", carol + " cancelled a", carol + " cancelled unknown",
        carol + " refused b: still pending", carol + " scheduled b", carol + " has rung 2 times"));
    expected.addAll(rings(carol, "b", 1));
    expected.addAll(rings(carol, "b", 2));
    assertThat(run().lines("cancel-", expected.size())).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void cancellationHoldsAcrossARestartBothWays() {
    Address dave = reminder("restart-dave");
    Address erin = reminder("restart-erin");
    run().send(dave, "schedule keep 4000");
    run().send(dave, "schedule drop 4000");
    run().send(dave, "cancel drop");
    run().send(erin, "schedule later 600000");
    run().awaitLine(dave + " cancelled drop");
    run().awaitLine(erin + " scheduled later");
    run().restart();
    // the pending token came through the restart: refused, then cancelled, then free
    run().send(erin, "schedule later 100");
    run().send(erin, "cancel later");
    run().send(erin, "schedule later 100");
    run().awaitLine(erin + " cancelled later");
    run().advanceTime(Duration.ofSeconds(5));
    run().awaitLine(dave + " rang keep (1)");
    run().awaitLine(erin + " rang later (1)");
    run().send(dave, "status");
    run().send(erin, "status");

    List<String> expected = new ArrayList<>(List.of(
        dave + " scheduled keep", dave + " scheduled drop", dave + " cancelled drop", dave + " has rung 1 times",
        erin + " scheduled later", erin + " refused later: still pending", erin + " cancelled later",
        erin + " scheduled later", erin + " has rung 1 times"));
    expected.addAll(rings(dave, "keep", 1));
    expected.addAll(rings(erin, "later", 1));
    assertThat(run().lines("restart-", expected.size())).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void stateWithAnExpirationIsGoneOnceItsTimeHasPassed() {
    Address gina = reminder("ttl-gina");
    run().send(gina, "note hello");
    run().send(gina, "read-note");
    run().awaitLine(gina + " note: hello");
    run().advanceTime(Duration.ofSeconds(8));
    run().send(gina, "read-note");

    List<String> expected = List.of(gina + " noted hello", gina + " note: hello", gina + " no note");
    assertThat(run().lines("ttl-", expected.size())).containsExactlyInAnyOrderElementsOf(expected);
  }

  /** The lines of one ring: the reminder counts it, the tally counts it and answers with its total. */
  private static List<String> rings(Address reminder, String label, int count) {
    Address tally = new Address(Tally.TYPE, reminder.id());
    return List.of(reminder + " rang " + label + " (" + count + ")", tally + " counted " + label,
        reminder + " heard total " + count + " from " + tally);
  }
}
