package dev.statefun.kafka.sdk;

import java.io.Serializable;
import java.util.Objects;

/**
 * Names an ingress and the type of the messages it produces.
 *
 * <pre>{@code
 * IngressIdentifier<User> USERS = new IngressIdentifier<>(User.class, "example", "user-ingress");
 * }</pre>
 */
public final class IngressIdentifier<T> implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Class<T> producedType;
  private final String namespace;
  private final String name;

  public IngressIdentifier(Class<T> producedType, String namespace, String name) {
    this.producedType = Objects.requireNonNull(producedType, "producedType");
    this.namespace = FunctionType.requireSegment(namespace, "namespace");
    this.name = FunctionType.requireSegment(name, "name");
  }

  /** Parses {@code namespace/name}. */
  public static <T> IngressIdentifier<T> parse(String namespaceAndName, Class<T> producedType) {
    FunctionType parsed = FunctionType.parse(namespaceAndName);
    return new IngressIdentifier<>(producedType, parsed.namespace(), parsed.name());
  }

  public Class<T> producedType() {
    return producedType;
  }

  public String namespace() {
    return namespace;
  }

  public String name() {
    return name;
  }

  /** Two identifiers are equal when their namespace and name are: the type is not part of the name. */
  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof IngressIdentifier<?> other && namespace.equals(other.namespace) && name.equals(other.name));
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
