package dev.statefun.kafka.runtime.ingress;

import dev.statefun.kafka.io.KafkaIngressDeserializer;
import dev.statefun.kafka.io.KafkaIngressSpec;
import dev.statefun.kafka.io.KafkaIngressTopic;
import dev.statefun.kafka.runtime.envelope.IngressRecord;
import dev.statefun.kafka.runtime.message.MessageCodec;
import dev.statefun.kafka.sdk.TypedValue;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * Reads the message of an ingress record: a plain topic through the ingress's deserializer, a
 * routable topic by its value type (a class on the classpath with Jackson or protobuf, any
 * other name as a {@link TypedValue}). Internal.
 */
public final class IngressRecordDecoder {

  private final KafkaIngressDeserializer<?> deserializer;
  private final Map<String, Class<?>> routableClasses = new HashMap<>();
  private final Map<String, String> routableTypeNames = new HashMap<>();
  private final MessageCodec codec;

  public IngressRecordDecoder(KafkaIngressSpec<?> spec, MessageCodec codec) {
    this.deserializer = spec.deserializer().orElse(null);
    this.codec = codec;
    for (KafkaIngressTopic topic : spec.topics()) {
      if (topic.isRoutable()) {
        routableTypeNames.put(topic.topic(), topic.valueType());
        Class<?> type = codec.findClass(className(topic.valueType()));
        if (type != null) {
          routableClasses.put(topic.topic(), type);
        }
      }
    }
  }

  /** The class name in a value type: a protobuf type URL keeps what follows its last '/'. */
  static String className(String valueType) {
    int slash = valueType.lastIndexOf('/');
    return slash < 0 ? valueType : valueType.substring(slash + 1);
  }

  /**
   * The message, or {@code null} when the deserializer says to skip the record.
   *
   * @throws RuntimeException when the record cannot be read
   */
  public Object decode(IngressRecord record) {
    String routableType = routableTypeNames.isEmpty() ? null : routableTypeNames.get(record.topic());
    if (routableType == null) {
      return deserializer.deserialize(toConsumerRecord(record));
    }
    if (record.value() == null) {
      throw new IllegalArgumentException("tombstone (null value) on routable topic " + record.topic());
    }
    Class<?> type = routableClasses.get(record.topic());
    return type == null ? new TypedValue(routableType, record.value()) : codec.decodeAs(type, record.value());
  }

  /**
   * The message for a remote function: a routable topic's record as a {@link TypedValue} of the
   * topic's value type as written and the record's raw value; a plain topic's as {@link #decode}.
   */
  public Object decodeForRemote(IngressRecord record) {
    String routableType = routableTypeNames.isEmpty() ? null : routableTypeNames.get(record.topic());
    if (routableType == null) {
      return decode(record);
    }
    if (record.value() == null) {
      throw new IllegalArgumentException("tombstone (null value) on routable topic " + record.topic());
    }
    return new TypedValue(routableType, record.value());
  }

  private static ConsumerRecord<byte[], byte[]> toConsumerRecord(IngressRecord record) {
    return new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.timestamp(),
        TimestampType.CREATE_TIME, record.key() == null ? -1 : record.key().length,
        record.value() == null ? -1 : record.value().length, record.key(), record.value(),
        headersOf(record), java.util.Optional.empty());
  }

  /** Kafka copies a given array twice (into a list, then an ArrayList): not worth it for no headers. */
  private static RecordHeaders headersOf(IngressRecord record) {
    return record.headers().length == 0 ? new RecordHeaders() : new RecordHeaders(record.headers());
  }
}
