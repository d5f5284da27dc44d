package dev.statefun.kafka.io;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How an egress writes to Kafka, as StateFun names it. {@link #AT_LEAST_ONCE} by default.
 */
public enum DeliverySemantic {
  /** Fire and forget: records may be lost on failure. */
  NONE("none"),
  /** Every record is written, some may be written twice after a failure. */
  AT_LEAST_ONCE("at-least-once"),
  /** Kafka transactions committed on checkpoint: a read_committed consumer sees every record once. */
  EXACTLY_ONCE("exactly-once");

  private final String typeName;

  DeliverySemantic(String typeName) {
    this.typeName = typeName;
  }

  /** The name used in configuration, e.g. {@code exactly-once}. */
  public String typeName() {
    return typeName;
  }

  /** The valid configuration names. */
  public static List<String> typeNames() {
    return Arrays.stream(values()).map(DeliverySemantic::typeName).toList();
  }

  /**
   * Reads a configuration name ({@code exactly-once}, also {@code EXACTLY_ONCE}).
   *
   * @throws IllegalArgumentException naming the valid types
   */
  public static DeliverySemantic fromTypeName(String name) {
    String normalized = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (DeliverySemantic semantic : values()) {
      if (semantic.typeName.equals(normalized)) {
        return semantic;
      }
    }
    throw new IllegalArgumentException(
        "Invalid delivery semantic type: " + name + "; valid types are " + typeNames());
  }
}
