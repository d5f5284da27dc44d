package dev.statefun.kafka.runtime.egress;

import dev.statefun.kafka.io.KafkaEgressSerializer;
import dev.statefun.kafka.io.KafkaEgressSpec;
import dev.statefun.kafka.io.KafkaProducerRecord;
import dev.statefun.kafka.runtime.message.MessageCodec;
import dev.statefun.kafka.runtime.universe.UniverseHandle;
import dev.statefun.kafka.sdk.EgressIdentifier;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes what functions send to one egress: through its serializer, or, for a generic egress,
 * a {@link KafkaProducerRecord} as given and any other message as JSON to the default topic.
 * The serializer is looked up in {@code open()}, never captured in the job graph. Internal.
 */
final class EgressRecordSchema implements KafkaRecordSerializationSchema<Object> {

  private static final long serialVersionUID = 1L;

  private final UniverseHandle handle;
  private final EgressIdentifier<?> egressId;
  private transient KafkaEgressSerializer<Object> serializer;
  private transient String defaultTopic;
  private transient MessageCodec codec;

  EgressRecordSchema(UniverseHandle handle, EgressIdentifier<?> egressId) {
    this.handle = handle;
    this.egressId = egressId;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
    KafkaEgressSpec<?> spec = handle.universe(context.getUserCodeClassLoader()::registerReleaseHookIfAbsent).egress(egressId)
        .orElseThrow(() -> new IllegalStateException("Egress " + egressId + " is not bound in this application"));
    serializer = (KafkaEgressSerializer<Object>) spec.serializer().orElse(null);
    defaultTopic = spec.defaultTopic().orElse(null);
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
    return new ProducerRecord<>(defaultTopic, codec.encode(message));
  }
}
