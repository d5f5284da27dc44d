package dev.statefun.kafka.sdk;

/**
 * A stateful function: invoked with one message at a time for one {@link Address}, with that
 * address's state at hand through {@link Context#storage()}.
 *
 * <pre>{@code
 * final class Greeter implements StatefulFunction {
 *   static final ValueSpec<Integer> SEEN = ValueSpec.named("seen").withIntType();
 *
 *   public void invoke(Context context, Object input) {
 *     User user = (User) input;
 *     int seen = context.storage().get(SEEN).orElse(0) + 1;
 *     context.storage().set(SEEN, seen);
 *     context.send(GREETINGS, new Greeting(user.name(), seen));
 *   }
 * }
 * }</pre>
 *
 * <p>One instance serves every address of its type on a parallel instance of the job, one
 * message at a time: keep per-address data in state, not in fields.
 */
@FunctionalInterface
public interface StatefulFunction {

  /** Handles one message sent to {@link Context#self()}. */
  void invoke(Context context, Object input);
}
