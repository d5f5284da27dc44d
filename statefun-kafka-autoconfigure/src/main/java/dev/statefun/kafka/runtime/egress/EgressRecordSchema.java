package dev.statefun.kafka.runtime.egress;

import dev.statefun.kafka.io.KafkaEgressSerializer;
import dev.statefun.kafka.io.KafkaEgressSpec;
import dev.statefun.kafka.io.KafkaProducerRecord;
import dev.statefun.kafka.runtime.message.MessageCodec;
import dev.statefun.kafka.runtime.universe.UniverseHandle;
import dev.statefun.kafka.sdk.EgressIdentifier;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes what functions send to one egress: through its serializer, or, for a generic egress,
 * a {@link KafkaProducerRecord} as given and any other message as JSON to the default topic,
 * keyed by the egress's key property when it has one (objects written as JSON only; a message
 * without the property gets no key).
 * The serializer is looked up in {@code open()}, never captured in the job graph. Internal.
 */
final class EgressRecordSchema implements KafkaRecordSerializationSchema<Object> {

  private static final long serialVersionUID = 1L;

  private final UniverseHandle handle;
  private final EgressIdentifier<?> egressId;
  private transient KafkaEgressSerializer<Object> serializer;
  private transient String defaultTopic;
  private transient String keyProperty;
  private transient MessageCodec codec;

  EgressRecordSchema(UniverseHandle handle, EgressIdentifier<?> egressId) {
    this.handle = handle;
    this.egressId = egressId;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
    KafkaEgressSpec<?> spec = handle.universe().egress(egressId)
        .orElseThrow(() -> new IllegalStateException("Egress " + egressId + " is not bound in this application"));
    serializer = (KafkaEgressSerializer<Object>) spec.serializer().orElse(null);
    defaultTopic = spec.defaultTopic().orElse(null);
    keyProperty = spec.keyProperty().orElse(null);
    codec = new MessageCodec(context.getUserCodeClassLoader().asClassLoader());
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(Object message, KafkaSinkContext context, Long timestamp) {
    if (serializer != null) {
      return serializer.serialize(message);
    }
    if (message instanceof KafkaProducerRecord record) {
      ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(record.topic(), null,
          record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value());
      for (Map.Entry<String, byte[]> header : record.headers().entrySet()) {
        out.headers().add(header.getKey(), header.getValue());
      }
      return out;
    }
    if (defaultTopic == null) {
      throw new IllegalArgumentException("Egress " + egressId + " has no serializer and no default topic: send it a "
          + "KafkaProducerRecord, or configure its topic to write " + message.getClass().getName() + " as JSON");
    }
    if (keyProperty == null || !codec.typeNameOf(message).equals(message.getClass().getName())) {
      return new ProducerRecord<>(defaultTopic, codec.encode(message));
    }
    JsonNode json = MessageCodec.json().valueToTree(message);
    return new ProducerRecord<>(defaultTopic, keyOf(json), MessageCodec.json().writeValueAsBytes(json));
  }

  /** The key property's value as UTF-8: a string as it is, any other value as JSON; none when absent or null. */
  private byte[] keyOf(JsonNode json) {
    JsonNode key = json.get(keyProperty);
    if (key == null || key.isNull() || key.isMissingNode()) {
      return null;
    }
    String text = key.isString() ? key.stringValue() : key.toString();
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
