package dev.statefun.kafka.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefun.kafka.annotation.Handler;
import dev.statefun.kafka.annotation.StatefulFunctionType;
import dev.statefun.kafka.io.KafkaProducerRecord;
import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.Context;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import dev.statefun.kafka.sdk.TypedValue;
import dev.statefun.kafka.sdk.ValueSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the harness does for a function test: deliver, keep state, send to egresses, keep time. */
class FunctionTestHarnessTest {

  static final FunctionType GREETER = new FunctionType("example", "greeter");
  static final FunctionType AUDIT = new FunctionType("example", "audit");
  static final EgressIdentifier<Greeting> GREETINGS = new EgressIdentifier<>("example", "greetings", Greeting.class);
  static final EgressIdentifier<String> LOG = new EgressIdentifier<>("example", "log", String.class);

  public record User(String name) {}

  public record Greeting(String name, int seen) {}

  public record Tick(int number) {}

  @StatefulFunctionType("example/greeter")
  static class Greeter {
    static final ValueSpec<Integer> SEEN = ValueSpec.named("seen").withIntType();

    @Handler
    void greet(Context context, User user) {
      int seen = context.storage().get(SEEN).orElse(0) + 1;
      context.storage().set(SEEN, seen);
      context.send(GREETINGS, new Greeting(user.name(), seen));
      context.send(new Address(AUDIT, "all"), user.name() + " came " + seen + " times");
    }

    @Handler
    void tick(Context context, Tick tick) {
      context.send(LOG, context.self() + " tick " + tick.number());
      if (tick.number() < 3) {
        context.sendAfter(Duration.ofMinutes(1), context.self(), new Tick(tick.number() + 1));
      }
    }

    @Handler
    void typed(Context context, TypedValue value) {
      context.send(LOG, "typed " + value.typeName() + " " + new String(value.value(), StandardCharsets.UTF_8));
    }
  }

  static StatefulFunctionSpec audit() {
    return StatefulFunctionSpec.builder(AUDIT).withSupplier(() -> (context, input) ->
        context.send(LOG, "audit " + input + " from " + context.caller().orElseThrow())).build();
  }

  @Test
  void sendDeliversTheMessageAndEverythingItCausesBeforeItReturns() {
    FunctionTestHarness harness = FunctionTestHarness.of(new Greeter(), audit());
    Address alice = new Address(GREETER, "alice");

    harness.send(alice, new User("alice")).send(alice, new User("alice"));

    assertThat(harness.egress(GREETINGS)).containsExactly(new Greeting("alice", 1), new Greeting("alice", 2));
    assertThat(harness.egress(LOG)).containsExactly(
        "audit alice came 1 times from example/greeter/alice", "audit alice came 2 times from example/greeter/alice");
    assertThat(harness.state(alice, Greeter.SEEN)).contains(2);
    assertThat(harness.state(new Address(GREETER, "bob"), Greeter.SEEN)).isEmpty();
    assertThat(harness.egress(new EgressIdentifier<>("example", "silent", String.class))).isEmpty();
  }

  @Test
  void advanceTimeDeliversEachDelayedMessageAtItsDeadline() {
    FunctionTestHarness harness = FunctionTestHarness.of(new Greeter());
    Address clock = new Address(GREETER, "clock");

    harness.send(clock, new Tick(1));
    harness.advanceTime(Duration.ofSeconds(59));
    assertThat(harness.egress(LOG)).containsExactly("example/greeter/clock tick 1");
    assertThat(harness.pendingDelayedMessages()).isOne();

    // tick 2 is due at 1 min and schedules tick 3 for 2 min: both within 3 minutes
    harness.advanceTime(Duration.ofMinutes(3));
    assertThat(harness.egress(LOG)).containsExactly(
        "example/greeter/clock tick 1", "example/greeter/clock tick 2", "example/greeter/clock tick 3");
    assertThat(harness.elapsedTime()).isEqualTo(Duration.ofSeconds(59).plusMinutes(3));
  }

  @Test
  void aZeroDelayIsDeliveredWithinSend() {
    StatefulFunctionSpec now = StatefulFunctionSpec.builder(AUDIT).withSupplier(() -> (context, input) -> {
      if (input instanceof String text) {
        context.sendAfter(Duration.ZERO, context.self(), new Tick(text.length()));
      } else {
        context.send(LOG, "got " + input);
      }
    }).build();
    FunctionTestHarness harness = FunctionTestHarness.of(now);

    harness.send(new Address(AUDIT, "a"), "four");

    assertThat(harness.egress(LOG)).containsExactly("got Tick[number=4]");
  }

  @Test
  void aTypedValueReachesItsHandler() {
    FunctionTestHarness harness = FunctionTestHarness.of(new Greeter());

    harness.send(new Address(GREETER, "x"), new TypedValue("com.example/User", "{}".getBytes(StandardCharsets.UTF_8)));

    assertThat(harness.egress(LOG)).containsExactly("typed com.example/User {}");
  }

  static final ValueSpec<String> WRITTEN = ValueSpec.named("written").thatExpireAfterWrite(Duration.ofMinutes(10))
      .withStringType();
  static final ValueSpec<String> ACCESSED = ValueSpec.named("accessed").thatExpireAfterAccess(Duration.ofMinutes(10))
      .withStringType();

  @Test
  void stateExpiresAfterWriteOrAfterAccessOnTheHarnessClock() {
    StatefulFunctionSpec memo = StatefulFunctionSpec.builder(AUDIT).withValueSpecs(WRITTEN, ACCESSED)
        .withSupplier(() -> (context, input) -> {
          if (input.equals("write")) {
            context.storage().set(WRITTEN, "w");
            context.storage().set(ACCESSED, "a");
          } else {
            context.send(LOG, context.storage().get(WRITTEN).orElse("-") + context.storage().get(ACCESSED).orElse("-"));
          }
        }).build();
    FunctionTestHarness harness = FunctionTestHarness.of(memo);
    Address address = new Address(AUDIT, "memo");

    harness.send(address, "write");
    harness.advanceTime(Duration.ofMinutes(6)).send(address, "read");
    harness.advanceTime(Duration.ofMinutes(6)).send(address, "read");
    harness.advanceTime(Duration.ofMinutes(9));

    assertThat(harness.egress(LOG)).containsExactly("wa", "-a");
    // the test's own reads do not count as an access
    assertThat(harness.state(address, ACCESSED)).contains("a");
    harness.advanceTime(Duration.ofMinutes(1));
    assertThat(harness.state(address, ACCESSED)).isEmpty();
  }

  @Test
  void aPendingCancellationTokenUsedAgainFailsTheInvocation() {
    StatefulFunctionSpec twice = StatefulFunctionSpec.builder(AUDIT).withSupplier(() -> (context, input) -> {
      context.sendAfter(Duration.ofMinutes(1), context.self(), 1, "token");
      context.sendAfter(Duration.ofMinutes(2), context.self(), 2, "token");
    }).build();
    FunctionTestHarness harness = FunctionTestHarness.of(twice);

    assertThatThrownBy(() -> harness.send(new Address(AUDIT, "a"), "go"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Function example/audit/a failed on a message of type java.lang.String from an ingress")
        .hasMessageContaining("The cancellation token 'token' of example/audit/a is still pending");
  }

  @Test
  void aTokenBelongsToItsSenderAddress() {
    StatefulFunctionSpec alarms = StatefulFunctionSpec.builder(AUDIT).withSupplier(() -> (context, input) -> {
      if (input.equals("set")) {
        context.sendAfter(Duration.ofMinutes(1), new Address(GREETER, "log"), new Tick(9), "alarm");
      } else if (input.equals("cancel")) {
        context.cancelDelayedMessage("alarm");
      }
    }).build();
    FunctionTestHarness harness = FunctionTestHarness.of(alarms, new Greeter());

    harness.send(new Address(AUDIT, "a"), "set").send(new Address(AUDIT, "b"), "set");
    harness.send(new Address(AUDIT, "b"), "cancel").send(new Address(AUDIT, "c"), "cancel");
    harness.advanceTime(Duration.ofMinutes(1));

    assertThat(harness.egress(LOG)).containsExactly("example/greeter/log tick 9");
  }

  /** Jackson cannot read it back: an interface-typed component. */
  public record Opaque(Runnable task) {}

  @Test
  void aMessageTheJobCannotCarryFailsAsItWouldInTheJob() {
    StatefulFunctionSpec sendsOpaque = StatefulFunctionSpec.builder(AUDIT).withSupplier(() -> (context, input) ->
        context.send(new Address(AUDIT, "other"), new Opaque(() -> { }))).build();
    FunctionTestHarness harness = FunctionTestHarness.of(sendsOpaque);

    assertThatThrownBy(() -> harness.send(new Address(AUDIT, "a"), "go"))
        .hasMessageContaining("Function example/audit/a failed")
        .hasMessageContaining(Opaque.class.getSimpleName());
  }

  @Test
  void aGenericEgressRecordArrivesAsSent() {
    EgressIdentifier<KafkaProducerRecord> generic = new EgressIdentifier<>("example", "generic", KafkaProducerRecord.class);
    StatefulFunctionSpec writer = StatefulFunctionSpec.builder(AUDIT).withSupplier(() -> (context, input) ->
        context.send(generic, new KafkaProducerRecord("greetings", "alice", "hi".getBytes(StandardCharsets.UTF_8))))
        .build();
    FunctionTestHarness harness = FunctionTestHarness.of(writer);

    harness.send(new Address(AUDIT, "a"), "go");

    assertThat(harness.egress(generic)).singleElement().satisfies(record -> {
      assertThat(record.topic()).isEqualTo("greetings");
      assertThat(record.key()).isEqualTo("alice");
    });
  }

  @Test
  void aFailingFunctionFailsTheCallDropsWhatIsInFlightAndLeavesTheHarnessUsable() {
    StatefulFunctionSpec fragile = StatefulFunctionSpec.builder(AUDIT).withSupplier(() -> (context, input) -> {
      if (input.equals("fan-out")) {
        context.send(new Address(AUDIT, "x"), "fail");
        context.send(new Address(AUDIT, "y"), "log");
      } else if (input.equals("fail")) {
        throw new IllegalArgumentException("boom");
      } else {
        context.send(LOG, context.self() + " " + input);
      }
    }).build();
    FunctionTestHarness harness = FunctionTestHarness.of(fragile);

    assertThatThrownBy(() -> harness.send(new Address(AUDIT, "a"), "fan-out"))
        .hasMessageContaining("Function example/audit/x failed on a message of type java.lang.String from example/audit/a")
        .hasRootCauseMessage("boom");
    harness.send(new Address(AUDIT, "z"), "log");

    assertThat(harness.egress(LOG)).containsExactly("example/audit/z log");
  }

  @Test
  void messagesThatKeepCausingMessagesFailTheCallInsteadOfRunningForever() {
    StatefulFunctionSpec echo = StatefulFunctionSpec.builder(AUDIT).withSupplier(() -> (context, input) ->
        context.send(context.self(), input)).build();
    FunctionTestHarness harness = FunctionTestHarness.of(echo);

    assertThatThrownBy(() -> harness.send(new Address(AUDIT, "a"), "again"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("still sending after 100000 deliveries");
  }

  @Test
  void aMessageToAnUnboundTypeFailsNamingTheBoundTypes() {
    FunctionTestHarness harness = FunctionTestHarness.of(audit());

    assertThatThrownBy(() -> harness.send(new Address(GREETER, "a"), new User("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("example/greeter, which is not bound; bound types are [example/audit]");
  }

  @Test
  void ofRefusesATypeTwiceAnythingButFunctionsAndBrokenTypedFunctions() {
    @StatefulFunctionType("example/audit")
    class TypedAudit {
      @Handler
      void handle(Context context, Object message) {}
    }
    @StatefulFunctionType("example/broken")
    class Broken {
      @Handler
      void handle(Object message) {}
    }

    assertThatThrownBy(() -> FunctionTestHarness.of(audit(), new TypedAudit()))
        .isInstanceOf(StatefunConfigurationException.class)
        .hasMessageContaining("function type example/audit is defined twice");
    assertThatThrownBy(() -> FunctionTestHarness.of("not a function"))
        .hasMessageContaining("neither a StatefulFunctionSpec nor annotated @StatefulFunctionType");
    assertThatThrownBy(() -> FunctionTestHarness.of(new Broken()))
        .hasMessageContaining(Broken.class.getName()).hasMessageContaining("handle(Object)");
  }

  @Test
  void egressListsAreSnapshots() {
    FunctionTestHarness harness = FunctionTestHarness.of(new Greeter(), audit());
    List<Greeting> before = harness.egress(GREETINGS);

    harness.send(new Address(GREETER, "a"), new User("a"));

    assertThat(before).isEmpty();
    assertThat(harness.egress(GREETINGS)).hasSize(1);
    assertThatThrownBy(() -> harness.egress(GREETINGS).clear()).isInstanceOf(UnsupportedOperationException.class);
  }
}
