package dev.statefun.kafka.sdk;

import java.util.Arrays;
import java.util.Objects;

/**
 * A message whose type is known only by name: what a routable topic delivers when its value
 * type is not a class on the classpath.
 */
public final class TypedValue {

  private final String typeName;
  private final byte[] value;

  public TypedValue(String typeName, byte[] value) {
    this.typeName = Objects.requireNonNull(typeName, "typeName");
    this.value = Objects.requireNonNull(value, "value");
  }

  public String typeName() {
    return typeName;
  }

  public byte[] value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TypedValue other && typeName.equals(other.typeName) && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return 31 * typeName.hashCode() + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "TypedValue{" + typeName + ", " + value.length + " bytes}";
  }
}
