package dev.statefun.kafka.sdk;

import java.io.Serializable;
import java.util.Objects;

/**
 * Names an egress and the type of the messages it consumes.
 *
 * <pre>{@code
 * EgressIdentifier<Greeting> GREETINGS = new EgressIdentifier<>("example", "greetings", Greeting.class);
 * }</pre>
 */
public final class EgressIdentifier<T> implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String namespace;
  private final String name;
  private final Class<T> consumedType;

  public EgressIdentifier(String namespace, String name, Class<T> consumedType) {
    this.namespace = FunctionType.requireSegment(namespace, "namespace");
    this.name = FunctionType.requireSegment(name, "name");
    this.consumedType = Objects.requireNonNull(consumedType, "consumedType");
  }

  /** Parses {@code namespace/name}. */
  public static <T> EgressIdentifier<T> parse(String namespaceAndName, Class<T> consumedType) {
    FunctionType parsed = FunctionType.parse(namespaceAndName);
    return new EgressIdentifier<>(parsed.namespace(), parsed.name(), consumedType);
  }

  public String namespace() {
    return namespace;
  }

  public String name() {
    return name;
  }

  public Class<T> consumedType() {
    return consumedType;
  }

  /** Two identifiers are equal when their namespace and name are: the type is not part of the name. */
  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof EgressIdentifier<?> other && namespace.equals(other.namespace) && name.equals(other.name));
  }

  @Override
  public int hashCode() {
    return 31 * namespace.hashCode() + name.hashCode();
  }

  /** {@code namespace/name}. */
  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
