package dev.statefun.kafka.sdk;

import java.time.Duration;
import java.util.Optional;

/**
 * What a {@link StatefulFunction} sees of the world while it handles one message: its own
 * address, the sender, its state, and the means to send messages to functions and egresses.
 */
public interface Context {

  /** The address this invocation is for. */
  Address self();

  /** The function that sent the message; empty for a message from an ingress. */
  Optional<Address> caller();

  /** Sends a message to another function (or this one). */
  void send(Address to, Object message);

  /** Sends a message to an egress; it leaves with the job's delivery semantic for that egress. */
  <T> void send(EgressIdentifier<T> egress, T message);

  /** Sends a message to a function once the delay has passed; it survives restarts. */
  void sendAfter(Duration delay, Address to, Object message);

  /**
   * Sends a message to a function once the delay has passed, unless {@link
   * #cancelDelayedMessage(String)} is called with the same token before then. A token belongs to
   * the sending address; reusing one whose message is still pending fails the invocation.
   *
   * <pre>{@code
   * context.sendAfter(Duration.ofMinutes(5), context.self(), new Tick(), "tick-" + context.self().id());
   * }</pre>
   */
  void sendAfter(Duration delay, Address to, Object message, String cancellationToken);

  /**
   * Cancels the delayed message this address sent with that token: it is never delivered, also
   * across restarts. A token that is unknown, or whose message was delivered already, is ignored.
   */
  void cancelDelayedMessage(String cancellationToken);

  /** The state of {@link #self()}. */
  AddressScopedStorage storage();
}
