package dev.statefun.kafka.runtime.dispatcher;

import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.AddressScopedStorage;
import dev.statefun.kafka.sdk.Context;
import dev.statefun.kafka.sdk.EgressIdentifier;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** The {@link Context} of one invocation; reused by the dispatcher for every message. Internal. */
final class InvocationContext implements Context {

  /** What a function's sends turn into; implemented by the dispatcher. */
  interface Sends {
    void toFunction(Address from, Address to, Object message);

    void toEgress(EgressIdentifier<?> egress, Object message);

    /** @param cancellationToken {@code null} for a message that cannot be cancelled */
    void delayed(Address from, Duration delay, Address to, Object message, String cancellationToken);

    void cancelDelayed(Address from, String cancellationToken);
  }

  private final Sends sends;
  private final KeyedStateStorage storage;
  private Address self;
  private Address caller;

  InvocationContext(Sends sends, KeyedStateStorage storage) {
    this.sends = sends;
    this.storage = storage;
  }

  void reset(Address self, Address caller) {
    this.self = self;
    this.caller = caller;
    storage.setCurrentFunction(self.type());
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
    sends.toFunction(self, Objects.requireNonNull(to, "to"), Objects.requireNonNull(message, "message"));
  }

  @Override
  public <T> void send(EgressIdentifier<T> egress, T message) {
    sends.toEgress(Objects.requireNonNull(egress, "egress"), Objects.requireNonNull(message, "message"));
  }

  @Override
  public void sendAfter(Duration delay, Address to, Object message) {
    if (delay == null || delay.isNegative()) {
      throw new IllegalArgumentException("A delay must be zero or positive, got " + delay);
    }
    sends.delayed(self, delay, Objects.requireNonNull(to, "to"), Objects.requireNonNull(message, "message"), null);
  }

  @Override
  public void sendAfter(Duration delay, Address to, Object message, String cancellationToken) {
    if (delay == null || delay.isNegative()) {
      throw new IllegalArgumentException("A delay must be zero or positive, got " + delay);
    }
    sends.delayed(self, delay, Objects.requireNonNull(to, "to"), Objects.requireNonNull(message, "message"),
        requireToken(cancellationToken));
  }

  @Override
  public void cancelDelayedMessage(String cancellationToken) {
    sends.cancelDelayed(self, requireToken(cancellationToken));
  }

  private static String requireToken(String token) {
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("A cancellation token must be a non-empty string");
    }
    return token;
  }

  @Override
  public AddressScopedStorage storage() {
    return storage;
  }
}
