package dev.statefun.kafka.sdk;

import java.io.Serializable;
import java.util.Objects;

/**
 * The type of a stateful function: a namespace and a name, written {@code namespace/name}.
 *
 * <pre>{@code
 * FunctionType GREETER = new FunctionType("example", "greeter");
 * FunctionType same = FunctionType.parse("example/greeter");
 * }</pre>
 */
public final class FunctionType implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String namespace;
  private final String name;
  /** {@link #toString()}, built once: it is part of every address key on the hot path. */
  private transient String text;

  public FunctionType(String namespace, String name) {
    this.namespace = requireSegment(namespace, "namespace");
    this.name = requireSegment(name, "name");
  }

  /**
   * Parses {@code namespace/name}.
   *
   * @throws IllegalArgumentException if the text is not of that form
   */
  public static FunctionType parse(String namespaceAndName) {
    Objects.requireNonNull(namespaceAndName, "function type");
    int slash = namespaceAndName.indexOf('/');
    if (slash <= 0 || slash == namespaceAndName.length() - 1 || namespaceAndName.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException(
          "Invalid function type '" + namespaceAndName + "': expected 'namespace/name', e.g. 'example/greeter'");
    }
    return new FunctionType(namespaceAndName.substring(0, slash), namespaceAndName.substring(slash + 1));
  }

  public String namespace() {
    return namespace;
  }

  public String name() {
    return name;
  }

  static String requireSegment(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty() || value.indexOf('/') >= 0) {
      throw new IllegalArgumentException("A " + what + " must be non-empty and must not contain '/': '" + value + "'");
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof FunctionType other && namespace.equals(other.namespace) && name.equals(other.name));
  }

  @Override
  public int hashCode() {
    return 31 * namespace.hashCode() + name.hashCode();
  }

  @Override
  public String toString() {
    String t = text;
    if (t == null) {
      t = namespace + "/" + name;
      text = t;
    }
    return t;
  }
}
