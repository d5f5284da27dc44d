package dev.statefun.kafka.test;

import dev.statefun.kafka.annotation.StatefulFunctionType;
import dev.statefun.kafka.annotation.TypedFunctions;
import dev.statefun.kafka.runtime.message.MessageCodec;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.AddressScopedStorage;
import dev.statefun.kafka.sdk.Context;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunction;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import dev.statefun.kafka.sdk.ValueSpec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs stateful functions in the test's own thread, without a broker and without Flink: send a
 * message to an address, and the harness delivers it and every message it causes, then shows
 * what reached each egress and the state of any address. Time stands still until the test
 * advances it; then the delayed messages that became due are delivered (cancelled ones never)
 * and state with an expiration expires.
 *
 * <pre>{@code
 * @StatefulFunctionType("example/greeter")
 * class Greeter {
 *   static final ValueSpec<Integer> SEEN = ValueSpec.named("seen").withIntType();
 *
 *   @Handler
 *   void greet(Context context, User user) {
 *     int seen = context.storage().get(SEEN).orElse(0) + 1;
 *     context.storage().set(SEEN, seen);
 *     context.send(GREETINGS, new Greeting(user.name(), "Hello #" + seen));
 *     context.cancelDelayedMessage("miss-you");                  // a new visit postpones the reminder
 *     context.sendAfter(Duration.ofMinutes(1), context.self(), new MissYou(user.name()), "miss-you");
 *   }
 *
 *   @Handler
 *   void missYou(Context context, MissYou missYou) {
 *     context.send(GREETINGS, new Greeting(missYou.name(), "We miss you"));
 *   }
 * }
 *
 * class GreeterTest {
 *   final FunctionTestHarness harness = FunctionTestHarness.of(new Greeter());  // and/or StatefulFunctionSpecs
 *   final Address alice = new Address(new FunctionType("example", "greeter"), "alice");
 *
 *   @Test
 *   void greetsAndMissesAUserWhoStaysAway() {
 *     harness.send(alice, new User("alice"));                    // returns once nothing is left to deliver
 *     harness.advanceTime(Duration.ofSeconds(30));
 *     harness.send(alice, new User("alice"));
 *     assertThat(harness.egress(GREETINGS)).containsExactly(
 *         new Greeting("alice", "Hello #1"), new Greeting("alice", "Hello #2"));
 *     assertThat(harness.state(alice, Greeter.SEEN)).contains(2);
 *
 *     harness.advanceTime(Duration.ofMinutes(1));                // the first reminder was cancelled
 *     assertThat(harness.egress(GREETINGS)).last().isEqualTo(new Greeting("alice", "We miss you"));
 *     assertThat(harness.egress(GREETINGS)).hasSize(3);
 *   }
 * }
 * }</pre>
 *
 * <p>It behaves as the job does where a test can tell: each message a function sends to a
 * function (at once or delayed) is written to bytes and read back with the job's own message
 * encoding, so a type the job cannot carry fails here too (egress messages reach the egress as
 * they are, as in the job); state is stored as the job stores it; the rules
 * of {@link Context#sendAfter(Duration, Address, Object, String) cancellation tokens} are the
 * job's. Messages are delivered one at a time, in the order they were sent; a function runs
 * only when the harness delivers to it. A function that throws fails the {@code send} or
 * {@code advanceTime} call with an {@link IllegalStateException} naming the address and the
 * message type; the messages it and earlier ones had sent but not yet delivered are dropped,
 * while state and egress outputs keep what happened before.
 *
 * <p>Not thread-safe: use one harness per test.
 */
public final class FunctionTestHarness {

  /** Deliveries per {@code send} or due delayed message before the harness takes it for an endless loop. */
  static final int MAX_DELIVERIES = 100_000;

  private final StatefulFunctionsUniverse universe;
  private final Map<FunctionType, StatefulFunction> instances = new HashMap<>();
  private final MessageCodec codec = new MessageCodec(FunctionTestHarness.class.getClassLoader());
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
  private final DelayedMessages delayed = new DelayedMessages();
  private final HarnessState state;
  private final Map<EgressIdentifier<?>, List<Object>> egresses = new LinkedHashMap<>();
  private long now;

  private FunctionTestHarness(StatefulFunctionsUniverse universe) {
    this.universe = universe;
    this.state = new HarnessState(universe::declaredState, () -> now);
  }

  /**
   * A harness running these functions: {@link StatefulFunctionSpec}s and objects of
   * {@link StatefulFunctionType} classes. A type given twice, or a typed function with a mistake,
   * fails as the application's startup would.
   */
  public static FunctionTestHarness of(Object... functions) {
    StatefulFunctionsUniverse universe = new StatefulFunctionsUniverse();
    for (int i = 0; i < functions.length; i++) {
      Object function = Objects.requireNonNull(functions[i], "function " + i);
      String origin = "FunctionTestHarness.of argument " + i + " (" + function.getClass().getName() + ")";
      if (function instanceof StatefulFunctionSpec spec) {
        universe.from(origin).bindFunction(spec);
      } else if (TypedFunctions.isTypedFunction(function)) {
        universe.from(origin).bindFunction(TypedFunctions.specOf(function));
      } else {
        throw new IllegalArgumentException(origin + " is neither a StatefulFunctionSpec nor annotated "
            + "@StatefulFunctionType");
      }
    }
    return new FunctionTestHarness(universe);
  }

  /**
   * Delivers the message to the address, as an ingress would (no caller), then every message
   * that causes, until none is left; delayed messages wait for {@link #advanceTime}, unless
   * their delay was zero.
   */
  public FunctionTestHarness send(Address to, Object message) {
    Objects.requireNonNull(message, "message");
    inFlight.add(new InFlight(null, Objects.requireNonNull(to, "to"), message));
    deliverUntilQuiet();
    return this;
  }

  /**
   * Moves the harness's clock forward: delivers each delayed message when its deadline comes
   * (earliest first, at that time, so what it sends after a delay counts from there), and state
   * whose expiration passes is gone when next read.
   */
  public FunctionTestHarness advanceTime(Duration duration) {
    if (duration == null || duration.isNegative()) {
      throw new IllegalArgumentException("Time moves forward only; got " + duration);
    }
    long target = now + duration.toMillis();
    DelayedMessages.Scheduled due;
    while ((due = delayed.pollDue(target)) != null) {
      now = Math.max(now, due.deadline);
      inFlight.add(new InFlight(due.from, due.to, due.message));
      deliverUntilQuiet();
    }
    now = target;
    return this;
  }

  /** What reached the egress so far, oldest first; empty if nothing did. */
  @SuppressWarnings("unchecked")
  public <T> List<T> egress(EgressIdentifier<T> egress) {
    List<Object> received = egresses.getOrDefault(Objects.requireNonNull(egress, "egress"), List.of());
    return (List<T>) Collections.unmodifiableList(new ArrayList<>(received));
  }

  /** The address's value of that state, as the function would read it now (this read does not count as an access). */
  public <T> Optional<T> state(Address address, ValueSpec<T> spec) {
    return state.peek(Objects.requireNonNull(address, "address"), Objects.requireNonNull(spec, "spec"));
  }

  /** How many delayed messages wait to be delivered (cancelled ones are not counted). */
  public int pendingDelayedMessages() {
    return delayed.size();
  }

  /** How far the clock was advanced since the harness was made. */
  public Duration elapsedTime() {
    return Duration.ofMillis(now);
  }

  private void deliverUntilQuiet() {
    try {
      InFlight next;
      int deliveries = 0;
      do {
        while ((next = inFlight.poll()) != null) {
          if (++deliveries > MAX_DELIVERIES) {
            throw new IllegalStateException("The functions are still sending after " + MAX_DELIVERIES
                + " deliveries caused by one message; the next goes to " + next.to() + ": an endless loop?");
          }
          invoke(next);
        }
        DelayedMessages.Scheduled due = delayed.pollDue(now);
        if (due != null) {
          inFlight.add(new InFlight(due.from, due.to, due.message));
        }
      } while (!inFlight.isEmpty());
    } finally {
      inFlight.clear();
    }
  }

  private void invoke(InFlight delivery) {
    StatefulFunction function = functionOf(delivery.to().type());
    try {
      function.invoke(new Invocation(delivery.to(), delivery.from()), delivery.message());
    } catch (RuntimeException e) {
      throw new IllegalStateException("Function " + delivery.to() + " failed on a message of type "
          + delivery.message().getClass().getName()
          + (delivery.from() == null ? " from an ingress" : " from " + delivery.from()) + ": " + e, e);
    }
  }

  private StatefulFunction functionOf(FunctionType type) {
    StatefulFunction function = instances.get(type);
    if (function == null) {
      function = universe.function(type).orElseThrow(() -> new IllegalArgumentException(
          "A message was sent to function type " + type + ", which is not bound; bound types are "
              + universe.functions().keySet())).functionOfType(type);
      instances.put(type, function);
    }
    return function;
  }

  /** The message as the job would hand it to its receiver: written with the job's encoding and read back. */
  private Object carried(Object message) {
    return codec.decode(codec.typeNameOf(message), codec.encode(message));
  }

  private record InFlight(Address from, Address to, Object message) {}

  /** The context of one delivery. */
  private final class Invocation implements Context {
    private final Address self;
    private final Address caller;

    Invocation(Address self, Address caller) {
      this.self = self;
      this.caller = caller;
    }

    @Override
    public Address self() {
      return self;
    }

    @Override
    public Optional<Address> caller() {
      return Optional.ofNullable(caller);
    }

    @Override
    public void send(Address to, Object message) {
      Objects.requireNonNull(to, "to");
      inFlight.add(new InFlight(self, to, carried(Objects.requireNonNull(message, "message"))));
    }

    @Override
    public <T> void send(EgressIdentifier<T> egress, T message) {
      // the job hands egress messages to the egress's serializer in the same task, as they are
      egresses.computeIfAbsent(Objects.requireNonNull(egress, "egress"), id -> new ArrayList<>())
          .add(Objects.requireNonNull(message, "message"));
    }

    @Override
    public void sendAfter(Duration delay, Address to, Object message) {
      schedule(delay, to, message, null);
    }

    @Override
    public void sendAfter(Duration delay, Address to, Object message, String cancellationToken) {
      schedule(delay, to, message, requireToken(cancellationToken));
    }

    private void schedule(Duration delay, Address to, Object message, String token) {
      if (delay == null || delay.isNegative()) {
        throw new IllegalArgumentException("A delay must be zero or positive, got " + delay);
      }
      Objects.requireNonNull(to, "to");
      delayed.schedule(now + delay.toMillis(), self, to, carried(Objects.requireNonNull(message, "message")), token);
    }

    @Override
    public void cancelDelayedMessage(String cancellationToken) {
      delayed.cancel(self, requireToken(cancellationToken));
    }

    private String requireToken(String token) {
      if (token == null || token.isEmpty()) {
        throw new IllegalArgumentException("A cancellation token must be a non-empty string");
      }
      return token;
    }

    @Override
    public AddressScopedStorage storage() {
      return state.of(self);
    }
  }
}
