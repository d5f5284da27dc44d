package dev.statefun.kafka.io;

import java.io.Serializable;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns a message sent to an egress into the Kafka record written.
 *
 * <pre>{@code
 * @Bean
 * KafkaEgressSerializer<Greeting> greetingSerializer(JsonMapper json) {
 *   return greeting -> new ProducerRecord<>("greetings", greeting.name().getBytes(UTF_8), json.writeValueAsBytes(greeting));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface KafkaEgressSerializer<T> extends Serializable {

  ProducerRecord<byte[], byte[]> serialize(T out);
}
