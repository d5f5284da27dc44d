package dev.statefun.kafka.sdk;

import java.io.Serializable;
import java.util.Objects;

/**
 * One instance of a stateful function: its {@link FunctionType} and an id. State is scoped to
 * an address, and messages are sent to addresses.
 *
 * <pre>{@code
 * Address alice = new Address(GREETER, "alice");
 * }</pre>
 */
public final class Address implements Serializable {

  private static final long serialVersionUID = 1L;

  private final FunctionType type;
  private final String id;
  /** {@link #toString()}, built once: it is the key of every message, read more than once per record. */
  private transient String text;

  public Address(FunctionType type, String id) {
    this.type = Objects.requireNonNull(type, "type");
    this.id = Objects.requireNonNull(id, "id");
  }

  /**
   * Parses {@code namespace/name/id}, the form of {@link #toString()}; the id may contain '/'.
   */
  public static Address parse(String text) {
    int first = text.indexOf('/');
    int second = first < 0 ? -1 : text.indexOf('/', first + 1);
    if (first <= 0 || second <= first + 1) {
      throw new IllegalArgumentException("Invalid address '" + text + "': expected 'namespace/name/id'");
    }
    return new Address(
        new FunctionType(text.substring(0, first), text.substring(first + 1, second)), text.substring(second + 1));
  }

  public FunctionType type() {
    return type;
  }

  public String id() {
    return id;
  }

  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof Address other && type.equals(other.type) && id.equals(other.id));
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + id.hashCode();
  }

  /** {@code namespace/name/id}. */
  @Override
  public String toString() {
    String t = text;
    if (t == null) {
      t = type + "/" + id;
      text = t;
    }
    return t;
  }
}
