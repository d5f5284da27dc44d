package dev.statefun.kafka.test.scenario;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.statefun.kafka.io.KafkaEgressSerializer;
import dev.statefun.kafka.io.KafkaIngressDeserializer;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.Router;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The scenarios' functions as an application: command records {@code <type> <id> <command>} are
 * routed to that address; lines go out keyed by their address.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(Reminders.class)
public class ScenarioApplication {

  @Bean
  StatefulFunctionSpec tally() {
    return Tally.spec();
  }

  @Bean
  KafkaIngressDeserializer<String> commandDeserializer() {
    return record -> new String(record.value(), UTF_8);
  }

  @Bean
  Router<String> commandRouter() {
    return (command, downstream) -> {
      String[] words = command.split(" ", 3);
      downstream.forward(FunctionType.parse(words[0]), words[1], words[2]);
    };
  }

  @Bean
  KafkaEgressSerializer<String> lineSerializer(@Value("${scenario.output-topic}") String topic) {
    return line -> new ProducerRecord<>(topic, line.substring(0, line.indexOf('|')).getBytes(UTF_8),
        Lines.value(line).getBytes(UTF_8));
  }
}
