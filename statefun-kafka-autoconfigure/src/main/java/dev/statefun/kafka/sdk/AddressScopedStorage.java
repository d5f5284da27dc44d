package dev.statefun.kafka.sdk;

import java.util.Optional;

/**
 * The state of one address: values named by {@link ValueSpec}s, kept in Flink keyed state and
 * so part of every checkpoint.
 */
public interface AddressScopedStorage {

  /** The value, or empty if it was never set, was removed or has expired. */
  <T> Optional<T> get(ValueSpec<T> spec);

  /** Sets the value; {@code null} removes it. */
  <T> void set(ValueSpec<T> spec, T value);

  /** Removes the value. */
  <T> void remove(ValueSpec<T> spec);
}
