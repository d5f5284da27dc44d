package dev.statefun.kafka.runtime.envelope;

import dev.statefun.kafka.sdk.FunctionType;
import java.util.HashMap;
import java.util.Map;

/** Reuses {@link FunctionType} instances read from the wire. Not thread-safe. Internal. */
public final class FunctionTypeCache {

  private static final int MAX_SIZE = 1024;
  private final Map<String, Map<String, FunctionType>> byNamespace = new HashMap<>();

  public FunctionType intern(String namespace, String name) {
    Map<String, FunctionType> names = byNamespace.computeIfAbsent(namespace, n -> new HashMap<>());
    FunctionType type = names.get(name);
    if (type == null) {
      type = new FunctionType(namespace, name);
      if (names.size() < MAX_SIZE) {
        names.put(name, type);
      }
    }
    return type;
  }
}
