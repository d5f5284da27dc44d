package dev.statefun.kafka.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.statefun.kafka.io.KafkaEgressSerializer;
import dev.statefun.kafka.io.KafkaIngressDeserializer;
import dev.statefun.kafka.sdk.EgressIdentifier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The I/O of the messaging test applications: commands in as text, lines out as text. A line
 * {@code key|text} is written with that key, so lines of one key keep their order.
 */
@Configuration(proxyBeanMethods = false)
public class TestIo {

  public static final EgressIdentifier<String> OUT = new EgressIdentifier<>("test", "out", String.class);

  @Bean
  KafkaIngressDeserializer<String> commandDeserializer() {
    return record -> new String(record.value(), UTF_8);
  }

  @Bean
  KafkaEgressSerializer<String> outputSerializer(@Value("${test.output-topic}") String topic) {
    return line -> {
      int bar = line.indexOf('|');
      byte[] key = bar < 0 ? null : line.substring(0, bar).getBytes(UTF_8);
      return new ProducerRecord<>(topic, key, line.substring(bar + 1).getBytes(UTF_8));
    };
  }
}
