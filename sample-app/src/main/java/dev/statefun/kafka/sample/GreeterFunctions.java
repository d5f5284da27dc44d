package dev.statefun.kafka.sample;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.statefun.kafka.io.KafkaEgressSerializer;
import dev.statefun.kafka.io.KafkaIngressDeserializer;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.FunctionType;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The greeter's messages and its Kafka I/O beans; the ingress and egress are in application.yml, the function is {@link Greeter}. */
@Configuration(proxyBeanMethods = false)
class GreeterFunctions {

  static final FunctionType GREETER = new FunctionType("example", "greeter");
  static final EgressIdentifier<Greeting> GREETINGS = new EgressIdentifier<>("example", "greetings", Greeting.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  record User(String name) {}

  record Greeting(String name, int seen, String text) {}

  @Bean
  KafkaIngressDeserializer<User> userDeserializer() {
    return record -> JSON.readValue(record.value(), User.class);
  }

  @Bean
  KafkaEgressSerializer<Greeting> greetingSerializer() {
    return greeting -> new ProducerRecord<>("greetings", greeting.name().getBytes(UTF_8),
        JSON.writeValueAsBytes(greeting));
  }
}
