package dev.statefun.kafka.runtime.cluster;

import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.util.List;

/**
 * The state backends an application may choose ({@code statefun.flink.state-backend}): heap
 * state by default, RocksDB (an optional dependency) for state larger than memory. Internal.
 */
public final class StateBackends {

  public static final String HASHMAP = "hashmap";
  public static final String ROCKSDB = "rocksdb";
  static final String ROCKSDB_FACTORY = "org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackendFactory";

  private StateBackends() {}

  /** Fails with a message naming the property unless {@code name} is known and its classes are on the class path. */
  public static void requireAvailable(String name, ClassLoader classLoader) {
    if (HASHMAP.equals(name)) {
      return;
    }
    if (!ROCKSDB.equals(name)) {
      throw StatefunConfigurationException.invalidValue("statefun.flink.state-backend", name, List.of(HASHMAP, ROCKSDB));
    }
    try {
      Class.forName(ROCKSDB_FACTORY, false, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new StatefunConfigurationException("statefun.flink.state-backend",
          "the rocksdb state backend is not on the class path",
          "Add the dependency org.apache.flink:flink-statebackend-rocksdb (the version of Flink in use), "
              + "or set statefun.flink.state-backend: hashmap");
    }
  }
}
