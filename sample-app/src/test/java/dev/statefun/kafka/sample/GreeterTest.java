package dev.statefun.kafka.sample;

import static dev.statefun.kafka.sample.GreeterFunctions.GREETER;
import static dev.statefun.kafka.sample.GreeterFunctions.GREETINGS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.sample.GreeterFunctions.Greeting;
import dev.statefun.kafka.sample.GreeterFunctions.User;
import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.test.FunctionTestHarness;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The greeter tested without Kafka and without Flink: copy this to test your own functions.
 * {@link FunctionTestHarness} runs them in the test's thread, in milliseconds.
 */
class GreeterTest {

  private final FunctionTestHarness harness = FunctionTestHarness.of(new Greeter());
  private final Address alice = new Address(GREETER, "alice");

  @Test
  void greetsEachUserAndCountsTheirVisits() {
    harness.send(alice, new User("alice"));
    harness.send(alice, new User("alice"));
    harness.send(new Address(GREETER, "bob"), new User("bob"));

    assertThat(harness.egress(GREETINGS)).containsExactly(
        new Greeting("alice", 1, "Hello alice!"),
        new Greeting("alice", 2, "Hello again alice, visit #2"),
        new Greeting("bob", 1, "Hello bob!"));
    assertThat(harness.state(alice, Greeter.SEEN)).contains(2);
  }

  @Test
  void missesAUserWhoStaysAwayAndNotOneWhoComesBack() {
    harness.send(alice, new User("alice"));
    harness.advanceTime(Duration.ofSeconds(50));
    harness.send(alice, new User("alice"));           // cancels the first "we miss you"
    harness.advanceTime(Duration.ofSeconds(50));

    assertThat(harness.egress(GREETINGS)).extracting(Greeting::text)
        .containsExactly("Hello alice!", "Hello again alice, visit #2");

    harness.advanceTime(Duration.ofSeconds(10));      // a minute after the last visit

    assertThat(harness.egress(GREETINGS)).last().isEqualTo(new Greeting("alice", 2, "We miss you, alice!"));
  }
}
