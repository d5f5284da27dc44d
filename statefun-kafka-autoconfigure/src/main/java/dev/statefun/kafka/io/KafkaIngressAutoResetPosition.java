package dev.statefun.kafka.io;

import java.util.Locale;

/**
 * Where an ingress starts reading a partition whose start offset is missing or out of range:
 * no committed offset for the group, a partition absent from a specific-offsets map, an offset
 * past the end, a date after the last record. {@link #LATEST} by default, as in StateFun.
 */
public enum KafkaIngressAutoResetPosition {
  EARLIEST,
  LATEST;

  /** The name used in configuration: {@code earliest} or {@code latest}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
