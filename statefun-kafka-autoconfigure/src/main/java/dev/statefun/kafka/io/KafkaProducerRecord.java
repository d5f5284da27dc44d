package dev.statefun.kafka.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A record for a generic egress (one without a serializer): topic, key and value as given.
 *
 * <pre>{@code
 * context.send(OUT, new KafkaProducerRecord("greetings", "alice", json.writeValueAsBytes(greeting)));
 * context.send(OUT, new KafkaProducerRecord("greetings", "alice", bytes).withHeader("trace", traceId));
 * }</pre>
 */
public final class KafkaProducerRecord {

  private final String topic;
  private final String key;
  private final byte[] value;
  private final Map<String, byte[]> headers;

  /**
   * @param topic the topic to write to
   * @param key the record key, written as UTF-8; {@code null} for none
   * @param value the record value; {@code null} for a tombstone
   */
  public KafkaProducerRecord(String topic, String key, byte[] value) {
    this(topic, key, value, Map.of());
  }

  private KafkaProducerRecord(String topic, String key, byte[] value, Map<String, byte[]> headers) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.key = key;
    this.value = value;
    this.headers = headers;
  }

  /** A copy with one more header. */
  public KafkaProducerRecord withHeader(String name, byte[] value) {
    Map<String, byte[]> more = new LinkedHashMap<>(headers);
    more.put(Objects.requireNonNull(name, "name"), value);
    return new KafkaProducerRecord(topic, key, this.value, Collections.unmodifiableMap(more));
  }

  /** A copy with one more header, written as UTF-8. */
  public KafkaProducerRecord withHeader(String name, String value) {
    return withHeader(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  public String topic() {
    return topic;
  }

  public String key() {
    return key;
  }

  public byte[] value() {
    return value;
  }

  public Map<String, byte[]> headers() {
    return headers;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KafkaProducerRecord other
        && topic.equals(other.topic)
        && Objects.equals(key, other.key)
        && Arrays.equals(value, other.value)
        && headers.keySet().equals(other.headers.keySet());
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, key, Arrays.hashCode(value));
  }

  @Override
  public String toString() {
    return "KafkaProducerRecord{" + topic + ", key=" + key + ", " + (value == null ? "null" : value.length + " bytes")
        + (headers.isEmpty() ? "" : ", headers=" + headers.keySet()) + "}";
  }
}
