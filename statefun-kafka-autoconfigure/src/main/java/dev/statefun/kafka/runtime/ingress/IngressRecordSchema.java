package dev.statefun.kafka.runtime.ingress;

import dev.statefun.kafka.runtime.envelope.IngressRecord;
import dev.statefun.kafka.runtime.envelope.SerializerTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Keeps each Kafka record in bytes, tagged with its ingress: deserializing waits until after
 * the shuffle. Internal.
 */
final class IngressRecordSchema implements KafkaRecordDeserializationSchema<IngressRecord> {

  private static final long serialVersionUID = 1L;
  private final String ingressId;

  IngressRecordSchema(String ingressId) {
    this.ingressId = ingressId;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<IngressRecord> out) {
    out.collect(new IngressRecord(ingressId, record.topic(), record.partition(), record.offset(), record.timestamp(),
        record.key(), record.value(), record.headers().toArray()));
  }

  @Override
  public TypeInformation<IngressRecord> getProducedType() {
    return SerializerTypeInfo.ingressRecords();
  }
}
