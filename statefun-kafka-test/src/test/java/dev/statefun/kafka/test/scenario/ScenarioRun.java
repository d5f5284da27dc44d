package dev.statefun.kafka.test.scenario;

import dev.statefun.kafka.sdk.Address;
import java.time.Duration;
import java.util.List;

/** Where a scenario runs: in the harness, or as a real job against a broker. Commands are text. */
interface ScenarioRun extends AutoCloseable {

  void send(Address to, String command);

  /** Lets this much time pass: the harness advances its clock, the job waits. */
  void advanceTime(Duration duration);

  /** Waits until this output line was written (the harness has it at once). */
  void awaitLine(String line);

  /** Stops the application and starts it again from its savepoint; the harness has nothing to restart. */
  void restart();

  /** Every output line of addresses whose id starts with the prefix, once {@code expected} arrived and no more came. */
  List<String> lines(String idPrefix, int expected);

  @Override
  void close();
}
