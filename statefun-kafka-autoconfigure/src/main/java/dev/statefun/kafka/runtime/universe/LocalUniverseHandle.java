package dev.statefun.kafka.runtime.universe;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link UniverseHandle} for a job that runs in the JVM that built it: the universe is
 * registered under a key while the application runs, and the handle carries only the key.
 */
public final class LocalUniverseHandle implements UniverseHandle {

  private static final long serialVersionUID = 1L;
  private static final Map<String, StatefulFunctionsUniverse> RUNNING = new ConcurrentHashMap<>();
  private static final Map<String, Runnable> FIRST_OUTPUT = new ConcurrentHashMap<>();

  private final String key;

  private LocalUniverseHandle(String key) {
    this.key = key;
  }

  /** Registers the universe under the key until {@link #release()}. */
  public static LocalUniverseHandle register(String key, StatefulFunctionsUniverse universe) {
    Objects.requireNonNull(universe, "universe");
    StatefulFunctionsUniverse previous = RUNNING.putIfAbsent(key, universe);
    if (previous != null && previous != universe) {
      throw new IllegalStateException("Another application in this JVM runs as '" + key + "'");
    }
    return new LocalUniverseHandle(key);
  }

  @Override
  public StatefulFunctionsUniverse universe() {
    StatefulFunctionsUniverse universe = RUNNING.get(key);
    if (universe == null) {
      throw new IllegalStateException("The application '" + key + "' is not running in this JVM: "
          + "its functions cannot be reached (was the job submitted to a remote cluster without its application?)");
    }
    return universe;
  }

  /** The universe registered under the key in this class loader, if any. */
  public static Optional<StatefulFunctionsUniverse> find(String key) {
    return Optional.ofNullable(RUNNING.get(key));
  }

  /** Runs {@code action} once, when an operator of the job first sends to an egress (see {@link #outputStarted()}). */
  public void onFirstOutput(Runnable action) {
    FIRST_OUTPUT.put(key, action);
  }

  @Override
  public void outputStarted() {
    Runnable action = FIRST_OUTPUT.remove(key);
    if (action != null) {
      action.run();
    }
  }

  public void release() {
    RUNNING.remove(key);
    FIRST_OUTPUT.remove(key);
  }

  public String key() {
    return key;
  }
}
