package dev.statefun.kafka.runtime.dispatcher;

import dev.statefun.kafka.sdk.AddressScopedStorage;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.ValueSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * The state of the current address: one Flink keyed {@link ValueState} per function type and
 * value spec, created on first use (declared specs are checked against what a function uses).
 * The dispatcher sets the current key; this class only reads and writes. Internal.
 */
final class KeyedStateStorage implements AddressScopedStorage {

  private final KeyedStateStore store;
  private final Function<FunctionType, List<ValueSpec<?>>> declaredState;
  private final Map<FunctionType, FunctionStates> states = new HashMap<>();
  private FunctionType current;
  private FunctionStates currentStates;

  KeyedStateStorage(KeyedStateStore store, Function<FunctionType, List<ValueSpec<?>>> declaredState) {
    this.store = store;
    this.declaredState = declaredState;
  }

  void setCurrentFunction(FunctionType type) {
    if (type != current) {
      current = type;
      currentStates = states.computeIfAbsent(type, t -> new FunctionStates());
    }
  }

  @Override
  public <T> Optional<T> get(ValueSpec<T> spec) {
    try {
      return Optional.ofNullable(stateOf(spec).value());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Cannot read state '" + spec.name() + "' of " + current, e);
    }
  }

  @Override
  public <T> void set(ValueSpec<T> spec, T value) {
    try {
      if (value == null) {
        stateOf(spec).clear();
      } else {
        stateOf(spec).update(value);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Cannot write state '" + spec.name() + "' of " + current, e);
    }
  }

  @Override
  public <T> void remove(ValueSpec<T> spec) {
    stateOf(spec).clear();
  }

  @SuppressWarnings("unchecked")
  private <T> ValueState<T> stateOf(ValueSpec<T> spec) {
    ValueState<?> known = currentStates.bySpec(spec);
    if (known != null) {
      return (ValueState<T>) known;
    }
    BoundState<?> bound = currentStates.byName.get(spec.name());
    if (bound == null) {
      bound = bind(spec);
      currentStates.byName.put(spec.name(), bound);
    } else if (bound.type() != spec.type()) {
      throw mismatch(spec, bound.type());
    }
    currentStates.remember(spec, bound.state());
    return (ValueState<T>) bound.state();
  }

  private <T> BoundState<T> bind(ValueSpec<T> used) {
    ValueSpec<?> effective = used;
    for (ValueSpec<?> declared : declaredState.apply(current)) {
      if (declared.name().equals(used.name())) {
        if (declared.type() != used.type()) {
          throw mismatch(used, declared.type());
        }
        effective = declared;
      }
    }
    ValueStateDescriptor<T> descriptor =
        new ValueStateDescriptor<>(stateName(current, used.name()), StateSerializers.forType(used.type()));
    ttlOf(effective).ifPresent(descriptor::enableTimeToLive);
    return new BoundState<>(used.type(), store.getState(descriptor));
  }

  static String stateName(FunctionType type, String specName) {
    return type + "." + specName;
  }

  private static Optional<StateTtlConfig> ttlOf(ValueSpec<?> spec) {
    ValueSpec.Expiration expiration = spec.expiration();
    if (expiration.isNone()) {
      return Optional.empty();
    }
    return Optional.of(StateTtlConfig.newBuilder(expiration.duration())
        .setUpdateType(expiration.mode() == ValueSpec.Expiration.Mode.AFTER_ACCESS
            ? StateTtlConfig.UpdateType.OnReadAndWrite
            : StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
        .build());
  }

  private IllegalStateException mismatch(ValueSpec<?> used, Class<?> known) {
    return new IllegalStateException("Function type " + current + " uses state '" + used.name() + "' as "
        + used.type().getName() + ", but it is " + known.getName()
        + ": give each value spec of a function one name and one type");
  }

  private record BoundState<T>(Class<T> type, ValueState<T> state) {}

  /**
   * The states one function type has bound, by name, and the specs it used them through, by
   * identity: specs are usually constants, so the lookup per state access is a short scan
   * instead of hashing the name.
   */
  private static final class FunctionStates {
    private static final int REMEMBERED_SPECS = 8;

    final Map<String, BoundState<?>> byName = new HashMap<>();
    private final ValueSpec<?>[] specs = new ValueSpec<?>[REMEMBERED_SPECS];
    private final ValueState<?>[] bound = new ValueState<?>[REMEMBERED_SPECS];
    private int remembered;

    ValueState<?> bySpec(ValueSpec<?> spec) {
      for (int i = 0; i < remembered; i++) {
        if (specs[i] == spec) {
          return bound[i];
        }
      }
      return null;
    }

    void remember(ValueSpec<?> spec, ValueState<?> state) {
      if (remembered < REMEMBERED_SPECS) {
        specs[remembered] = spec;
        bound[remembered] = state;
        remembered++;
      }
    }
  }
}
