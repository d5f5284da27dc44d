package dev.statefun.kafka.runtime.envelope;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * A Kafka record as an ingress read it, still in bytes: it crosses the shuffle as is and is
 * deserialized by the dispatcher, so a record is serialized once, by Kafka's producer.
 *
 * <p>Internal.
 */
public final class IngressRecord {

  static final Header[] NO_HEADERS = new Header[0];

  private final String ingressId;
  private final String topic;
  private final int partition;
  private final long offset;
  private final long timestamp;
  private final byte[] key;
  private final byte[] value;
  private final Header[] headers;

  public IngressRecord(
      String ingressId, String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
      Header[] headers) {
    this.ingressId = ingressId;
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.timestamp = timestamp;
    this.key = key;
    this.value = value;
    this.headers = headers == null ? NO_HEADERS : headers;
  }

  public String ingressId() {
    return ingressId;
  }

  public String topic() {
    return topic;
  }

  public int partition() {
    return partition;
  }

  public long offset() {
    return offset;
  }

  public long timestamp() {
    return timestamp;
  }

  public byte[] key() {
    return key;
  }

  public byte[] value() {
    return value;
  }

  public Header[] headers() {
    return headers;
  }

  /** A copy for another topic with more headers: how a record becomes a dead letter. */
  public IngressRecord redirectedTo(String newTopic, Header... extraHeaders) {
    Header[] all = new Header[headers.length + extraHeaders.length];
    System.arraycopy(headers, 0, all, 0, headers.length);
    System.arraycopy(extraHeaders, 0, all, headers.length, extraHeaders.length);
    return new IngressRecord(ingressId, newTopic, partition, offset, timestamp, key, value, all);
  }

  public static Header header(String name, String value) {
    return new RecordHeader(name, value == null ? null : value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** {@code topic/partition@offset}, for logs. */
  public String position() {
    return topic + "/" + partition + "@" + offset;
  }

  @Override
  public String toString() {
    return "IngressRecord{" + ingressId + " " + position() + "}";
  }
}
