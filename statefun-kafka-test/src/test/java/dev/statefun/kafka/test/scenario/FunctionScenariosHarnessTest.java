package dev.statefun.kafka.test.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.sdk.Address;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The scenarios in the harness: synchronous, simulated time. */
class FunctionScenariosHarnessTest extends FunctionScenarios {

  private final HarnessRun run = new HarnessRun();

  @Override
  ScenarioRun run() {
    return run;
  }

  @Test
  void stateIsReadableDirectlyAndACancelledMessageStaysUndeliveredForever() {
    Address frank = reminder("frank");
    run.send(frank, "schedule once 1000");
    run.send(frank, "schedule never 1000");
    run.send(frank, "cancel never");
    run.advanceTime(Duration.ofDays(365));

    assertThat(run.harness.state(frank, Reminders.RINGS)).contains(1);
    assertThat(run.harness.state(new Address(Tally.TYPE, "frank"), Tally.TOTAL)).contains(1);
    assertThat(run.harness.pendingDelayedMessages()).isZero();
    assertThat(run.lines("frank", 0)).noneMatch(line -> line.contains("rang never"));
  }
}
