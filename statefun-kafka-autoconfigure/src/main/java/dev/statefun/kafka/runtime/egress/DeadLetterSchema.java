package dev.statefun.kafka.runtime.egress;

import dev.statefun.kafka.runtime.envelope.IngressRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/** Writes a dead letter: the original key, value and headers, plus the error headers. Internal. */
final class DeadLetterSchema implements KafkaRecordSerializationSchema<IngressRecord> {

  private static final long serialVersionUID = 1L;

  @Override
  public ProducerRecord<byte[], byte[]> serialize(IngressRecord record, KafkaSinkContext context, Long timestamp) {
    ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(record.topic(), record.key(), record.value());
    for (Header header : record.headers()) {
      out.headers().add(header);
    }
    return out;
  }
}
