package dev.statefun.kafka.test.scenario;

import dev.statefun.kafka.annotation.Handler;
import dev.statefun.kafka.annotation.StatefulFunctionType;
import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.Context;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.ValueSpec;
import java.time.Duration;

/**
 * A typed function of the scenarios. Commands (text): {@code schedule <label> <millis>} sends
 * itself a {@link Ring} after the delay, with the label as cancellation token (a token still
 * pending is refused: the call fails and the function says so); {@code cancel <label>};
 * {@code status}; {@code note <text>} keeps a text that expires 5 s after it was written;
 * {@code read-note}. A {@link Ring} counts in state and tells the tally, whose {@link Total} comes
 * back. Each step writes one line {@code <address> <what happened>}.
 */
@StatefulFunctionType("scenario/reminder")
public class Reminders {

  public static final FunctionType TYPE = new FunctionType("scenario", "reminder");
  public static final ValueSpec<Integer> RINGS = ValueSpec.named("rings").withIntType();
  public static final ValueSpec<String> NOTE =
      ValueSpec.named("note").thatExpireAfterWrite(Duration.ofSeconds(5)).withStringType();

  public record Ring(String label) {}

  public record Total(int total) {}

  @Handler
  void command(Context context, String command) {
    String[] words = command.split(" ");
    switch (words[0]) {
      case "schedule" -> schedule(context, words[1], Duration.ofMillis(Long.parseLong(words[2])));
      case "cancel" -> {
        context.cancelDelayedMessage(words[1]);
        Lines.write(context, "cancelled " + words[1]);
      }
      case "status" -> Lines.write(context, "has rung " + context.storage().get(RINGS).orElse(0) + " times");
      case "note" -> {
        context.storage().set(NOTE, words[1]);
        Lines.write(context, "noted " + words[1]);
      }
      case "read-note" -> Lines.write(context, context.storage().get(NOTE).map(note -> "note: " + note).orElse("no note"));
      default -> throw new IllegalArgumentException("Unknown command " + command);
    }
  }

  private static void schedule(Context context, String label, Duration delay) {
    try {
      context.sendAfter(delay, context.self(), new Ring(label), label);
    } catch (IllegalStateException e) {
      if (!e.getMessage().contains("still pending")) {
        throw e;
      }
      Lines.write(context, "refused " + label + ": still pending");
      return;
    }
    Lines.write(context, "scheduled " + label);
  }

  @Handler
  void ring(Context context, Ring ring) {
    int rings = context.storage().get(RINGS).orElse(0) + 1;
    context.storage().set(RINGS, rings);
    Lines.write(context, "rang " + ring.label() + " (" + rings + ")");
    context.send(new Address(Tally.TYPE, context.self().id()), ring);
  }

  @Handler
  void total(Context context, Total total) {
    Lines.write(context, "heard total " + total.total() + " from " + context.caller().orElseThrow());
  }
}
