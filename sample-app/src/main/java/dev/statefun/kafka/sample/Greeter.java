package dev.statefun.kafka.sample;

import static dev.statefun.kafka.sample.GreeterFunctions.GREETINGS;

import dev.statefun.kafka.annotation.Handler;
import dev.statefun.kafka.annotation.StatefulFunctionType;
import dev.statefun.kafka.sample.GreeterFunctions.Greeting;
import dev.statefun.kafka.sample.GreeterFunctions.User;
import dev.statefun.kafka.sdk.Context;
import dev.statefun.kafka.sdk.ValueSpec;
import java.time.Duration;

/**
 * Counts each user's visits in state and greets them; a user who stays away for {@link #MISSED}
 * gets a "we miss you" greeting, which each new visit postpones (cancel, then send again).
 */
@StatefulFunctionType("example/greeter")
class Greeter {

  static final ValueSpec<Integer> SEEN = ValueSpec.named("seen").withIntType();
  static final Duration MISSED = Duration.ofMinutes(1);

  /** The delayed message a user gets when they stay away. */
  record MissYou(String name) {}

  @Handler
  void greet(Context context, User user) {
    int seen = context.storage().get(SEEN).orElse(0) + 1;
    context.storage().set(SEEN, seen);
    String text = seen == 1 ? "Hello " + user.name() + "!" : "Hello again " + user.name() + ", visit #" + seen;
    context.send(GREETINGS, new Greeting(user.name(), seen, text));

    context.cancelDelayedMessage("miss-you");
    context.sendAfter(MISSED, context.self(), new MissYou(user.name()), "miss-you");
  }

  @Handler
  void missYou(Context context, MissYou missYou) {
    int seen = context.storage().get(SEEN).orElse(0);
    context.send(GREETINGS, new Greeting(missYou.name(), seen, "We miss you, " + missYou.name() + "!"));
  }
}
