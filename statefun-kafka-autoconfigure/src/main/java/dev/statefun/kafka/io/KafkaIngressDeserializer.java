package dev.statefun.kafka.io;

import java.io.Serializable;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a Kafka record of an ingress into the message its functions receive.
 *
 * <pre>{@code
 * @Bean
 * KafkaIngressDeserializer<User> userDeserializer(JsonMapper json) {
 *   return record -> json.readValue(record.value(), User.class);
 * }
 * }</pre>
 *
 * <p>Returning {@code null} skips the record. Throwing marks it as a poison record, handled by
 * the ingress's {@code on-deserialization-error} policy.
 */
@FunctionalInterface
public interface KafkaIngressDeserializer<T> extends Serializable {

  T deserialize(ConsumerRecord<byte[], byte[]> input);
}
