package dev.statefun.kafka.test.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.test.FunctionTestHarness;
import java.time.Duration;
import java.util.List;

/** A scenario in a {@link FunctionTestHarness}. */
final class HarnessRun implements ScenarioRun {

  final FunctionTestHarness harness = FunctionTestHarness.of(new Reminders(), Tally.spec());

  @Override
  public void send(Address to, String command) {
    harness.send(to, command);
  }

  @Override
  public void advanceTime(Duration duration) {
    harness.advanceTime(duration);
  }

  @Override
  public void awaitLine(String line) {
    assertThat(values()).contains(line);
  }

  @Override
  public void restart() {}

  @Override
  public List<String> lines(String idPrefix, int expected) {
    return values().stream().filter(line -> ScenarioLines.ofPrefix(line, idPrefix)).toList();
  }

  private List<String> values() {
    return harness.egress(Lines.OUT).stream().map(Lines::value).toList();
  }

  @Override
  public void close() {}
}
