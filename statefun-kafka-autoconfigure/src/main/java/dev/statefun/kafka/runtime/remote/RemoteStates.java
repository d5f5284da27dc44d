package dev.statefun.kafka.runtime.remote;

import dev.statefun.kafka.runtime.envelope.TypedValueSerializer;
import dev.statefun.kafka.runtime.remote.FromFunction.PersistedValueSpec;
import dev.statefun.kafka.runtime.remote.ToFunctionWriter.PersistedValue;
import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.TypedValue;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * The state a remote function type has declared (through the SDK's incomplete-invocation-context
 * handshake): one Flink keyed {@link ValueState} of {@link TypedValue} per name, named
 * {@code namespace/name.state} like the state of Java functions, with Flink TTL for the SDK's
 * expiration. Registered again after a restore, when the SDK first asks for it; the values come
 * back from the checkpoint.
 *
 * <p>Internal.
 */
public final class RemoteStates {

  private final FunctionType type;
  private final KeyedStateStore store;
  private final Map<String, Registered> states = new LinkedHashMap<>();

  public RemoteStates(FunctionType type, KeyedStateStore store) {
    this.type = type;
    this.store = store;
  }

  private record Registered(String typeName, ValueState<TypedValue> state) {}

  /**
   * Registers what the function declares and is not registered yet.
   *
   * @throws RemoteFunctionException if a name is registered with another type name
   */
  public void register(List<PersistedValueSpec> specs) {
    for (PersistedValueSpec spec : specs) {
      Registered known = states.get(spec.name());
      if (known != null) {
        if (!known.typeName().equals(spec.typeName())) {
          throw new RemoteFunctionException("Remote function " + type + " declares state '" + spec.name()
              + "' of type " + spec.typeName() + ", but it is registered as " + known.typeName()
              + ": a state keeps its type; give the new type another state name");
        }
        continue;
      }
      ValueStateDescriptor<TypedValue> descriptor =
          new ValueStateDescriptor<>(type + "." + spec.name(), TypedValueSerializer.INSTANCE);
      if (spec.expiration() != FromFunction.Expiration.NONE && spec.expireAfterMillis() > 0) {
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(spec.expireAfterMillis()))
            .setUpdateType(spec.expiration() == FromFunction.Expiration.AFTER_INVOKE
                ? StateTtlConfig.UpdateType.OnReadAndWrite
                : StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
      }
      states.put(spec.name(), new Registered(spec.typeName(), store.getState(descriptor)));
    }
  }

  /**
   * Every registered state of the current address, with its value or none.
   *
   * @throws RemoteFunctionException if a stored value has another type name than the one declared now
   */
  public List<PersistedValue> current(Address self) {
    List<PersistedValue> values = new ArrayList<>(states.size());
    for (Map.Entry<String, Registered> entry : states.entrySet()) {
      TypedValue value = read(entry.getValue().state(), entry.getKey());
      if (value != null && !value.typeName().equals(entry.getValue().typeName())) {
        throw new RemoteFunctionException("State '" + entry.getKey() + "' of " + self + " holds a value of type "
            + value.typeName() + ", but remote function " + type + " declares it as " + entry.getValue().typeName()
            + ": a state keeps its type; give the new type another state name");
      }
      values.add(new PersistedValue(entry.getKey(), value));
    }
    return values;
  }

  /**
   * Applies one mutation of the reply to the current address.
   *
   * @throws RemoteFunctionException if the state was never declared
   */
  public void mutate(Address self, FromFunction.StateMutation mutation) {
    Registered registered = states.get(mutation.name());
    if (registered == null) {
      throw new RemoteFunctionException("Remote function " + type + " changed state '" + mutation.name() + "' of "
          + self + ", which it did not declare; declared states are " + states.keySet());
    }
    try {
      if (mutation.delete()) {
        registered.state().clear();
      } else {
        registered.state().update(mutation.value());
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write state '" + mutation.name() + "' of " + self, e);
    }
  }

  private TypedValue read(ValueState<TypedValue> state, String name) {
    try {
      return state.value();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read state '" + name + "' of " + type, e);
    }
  }
}
