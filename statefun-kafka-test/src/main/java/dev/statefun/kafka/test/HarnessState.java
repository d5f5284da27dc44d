package dev.statefun.kafka.test;

import dev.statefun.kafka.runtime.message.MessageCodec;
import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.AddressScopedStorage;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.ValueSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The state of every address in a {@link FunctionTestHarness}, kept as the job keeps it: basic
 * types as they are, any other type as JSON (so a type the job cannot store fails here too), one
 * type per name, and expiration on the harness's clock as Flink's state TTL does it (after write:
 * from the last write; after access: from the last read or write; gone once that much time has
 * passed).
 */
final class HarnessState {

  private static final Set<Class<?>> BUILT_IN =
      Set.of(Integer.class, Long.class, Double.class, Boolean.class, String.class, byte[].class);

  private final Map<Address, Map<String, Stored>> addresses = new HashMap<>();
  private final Function<FunctionType, List<ValueSpec<?>>> declaredState;
  private final LongSupplier clock;

  HarnessState(Function<FunctionType, List<ValueSpec<?>>> declaredState, LongSupplier clock) {
    this.declaredState = declaredState;
    this.clock = clock;
  }

  /** The storage a function sees at this address: reads count as accesses. */
  AddressScopedStorage of(Address address) {
    return new AddressScopedStorage() {
      @Override
      public <T> Optional<T> get(ValueSpec<T> spec) {
        return read(address, spec, true);
      }

      @Override
      public <T> void set(ValueSpec<T> spec, T value) {
        write(address, spec, value);
      }

      @Override
      public <T> void remove(ValueSpec<T> spec) {
        write(address, spec, null);
      }
    };
  }

  /** The value as a test sees it: without counting as an access. */
  <T> Optional<T> peek(Address address, ValueSpec<T> spec) {
    return read(address, spec, false);
  }

  private <T> Optional<T> read(Address address, ValueSpec<T> spec, boolean access) {
    ValueSpec<?> effective = effective(address.type(), spec);
    Map<String, Stored> values = addresses.get(address);
    Stored stored = values == null ? null : values.get(spec.name());
    if (stored == null) {
      return Optional.empty();
    }
    requireSameType(address.type(), spec, stored.type());
    long now = clock.getAsLong();
    if (expired(stored, effective.expiration(), now)) {
      values.remove(spec.name());
      return Optional.empty();
    }
    if (access) {
      stored.accessed = now;
    }
    return Optional.of(decode(spec.type(), stored.value));
  }

  private <T> void write(Address address, ValueSpec<T> spec, T value) {
    effective(address.type(), spec);
    Map<String, Stored> values = addresses.computeIfAbsent(address, a -> new HashMap<>());
    Stored stored = values.get(spec.name());
    if (stored != null) {
      requireSameType(address.type(), spec, stored.type());
    }
    if (value == null) {
      values.remove(spec.name());
      return;
    }
    if (!spec.type().isInstance(value)) {
      throw new ClassCastException("State '" + spec.name() + "' of " + address + " is " + spec.type().getName()
          + ", got a " + value.getClass().getName());
    }
    long now = clock.getAsLong();
    values.put(spec.name(), new Stored(spec.type(), encode(value), now, now));
  }

  /** The declared spec of that name, if any, carries the expiration; its type must be the used one. */
  private ValueSpec<?> effective(FunctionType type, ValueSpec<?> used) {
    for (ValueSpec<?> declared : declaredState.apply(type)) {
      if (declared.name().equals(used.name())) {
        requireSameType(type, used, declared.type());
        return declared;
      }
    }
    return used;
  }

  private static void requireSameType(FunctionType type, ValueSpec<?> used, Class<?> known) {
    if (used.type() != known) {
      throw new IllegalStateException("Function type " + type + " uses state '" + used.name() + "' as "
          + used.type().getName() + ", but it is " + known.getName()
          + ": give each value spec of a function one name and one type");
    }
  }

  private static boolean expired(Stored stored, ValueSpec.Expiration expiration, long now) {
    if (expiration.isNone()) {
      return false;
    }
    long from = expiration.mode() == ValueSpec.Expiration.Mode.AFTER_ACCESS ? stored.accessed : stored.written;
    return from + expiration.duration().toMillis() <= now;
  }

  private static Object encode(Object value) {
    if (value instanceof byte[] bytes) {
      return bytes.clone();
    }
    return BUILT_IN.contains(value.getClass()) ? value : MessageCodec.json().writeValueAsBytes(value);
  }

  @SuppressWarnings("unchecked")
  private static <T> T decode(Class<T> type, Object value) {
    if (value instanceof byte[] bytes && type == byte[].class) {
      return (T) bytes.clone();
    }
    return BUILT_IN.contains(type) ? (T) value : MessageCodec.json().readValue((byte[]) value, type);
  }

  private static final class Stored {
    private final Class<?> type;
    private final Object value;
    private final long written;
    private long accessed;

    Stored(Class<?> type, Object value, long written, long accessed) {
      this.type = type;
      this.value = value;
      this.written = written;
      this.accessed = accessed;
    }

    Class<?> type() {
      return type;
    }
  }
}
