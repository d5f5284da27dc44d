package dev.statefun.kafka.runtime.remote;

import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.TypedValue;
import java.util.List;

/**
 * A remote function's reply ({@code io.statefun.sdk.reqreply.FromFunction}): either the effects
 * of the invocations ({@link #isIncomplete()} false; all lists may be empty), or the state specs
 * the function declares when the request lacked some of them.
 *
 * <p>Internal.
 */
public record FromFunction(
    List<StateMutation> stateMutations,
    List<OutgoingMessage> outgoingMessages,
    List<DelayedInvocation> delayedInvocations,
    List<EgressMessage> egressMessages,
    List<PersistedValueSpec> missingValues) {

  public boolean isIncomplete() {
    return !missingValues.isEmpty();
  }

  /** {@code delete} clears the state; otherwise {@code value} replaces it. */
  public record StateMutation(boolean delete, String name, TypedValue value) {}

  public record OutgoingMessage(Address target, TypedValue argument) {}

  /** A message after a delay, or ({@code cancellation}) the cancellation of the sender's message with that token. */
  public record DelayedInvocation(long delayMillis, Address target, TypedValue argument, boolean cancellation, String token) {}

  public record EgressMessage(String namespace, String type, TypedValue argument) {}

  /** A state the function declares: its name, type name and expiration. */
  public record PersistedValueSpec(String name, String typeName, Expiration expiration, long expireAfterMillis) {}

  /** {@code ExpirationSpec.ExpireMode}: the wire values are the ordinals. */
  public enum Expiration {
    NONE,
    AFTER_WRITE,
    AFTER_INVOKE
  }
}
