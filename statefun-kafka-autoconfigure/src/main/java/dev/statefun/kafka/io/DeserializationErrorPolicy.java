package dev.statefun.kafka.io;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What an ingress does with a record it cannot read: the deserializer throws, a routable record
 * has no key, a value its type cannot read. {@link #SKIP} by default. The job never loops on
 * such a record.
 */
public enum DeserializationErrorPolicy {
  /** Log topic, partition and offset, count it, and go on. */
  SKIP("skip"),
  /**
   * Fail the job, for good: a restart would read the same record again, so the failure is
   * non-recoverable and Flink's restart strategy does not apply to it. Fix the record (or the
   * deserializer) and start the application again; it resumes from its last checkpoint.
   */
  FAIL("fail"),
  /** Write the raw record, with headers naming the error, to the ingress's dead-letter topic. */
  DEAD_LETTER("dead-letter");

  private final String configName;

  DeserializationErrorPolicy(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static List<String> configNames() {
    return Arrays.stream(values()).map(DeserializationErrorPolicy::configName).toList();
  }

  /** @throws IllegalArgumentException naming the valid values */
  public static DeserializationErrorPolicy fromConfigName(String name) {
    String normalized = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (DeserializationErrorPolicy policy : values()) {
      if (policy.configName.equals(normalized)) {
        return policy;
      }
    }
    throw new IllegalArgumentException(
        "Invalid deserialization error policy: " + name + "; valid values are " + configNames());
  }
}
