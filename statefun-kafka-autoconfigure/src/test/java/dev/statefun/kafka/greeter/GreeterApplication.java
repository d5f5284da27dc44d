package dev.statefun.kafka.greeter;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.statefun.kafka.io.KafkaEgressSerializer;
import dev.statefun.kafka.io.KafkaIngressDeserializer;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import dev.statefun.kafka.sdk.ValueSpec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/** The greeter of issue 2, written as a user would: three beans and application properties. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class GreeterApplication {

  public static final FunctionType GREETER = new FunctionType("example", "greeter");
  public static final EgressIdentifier<Greeting> GREETINGS =
      new EgressIdentifier<>("example", "greetings", Greeting.class);
  static final ValueSpec<Integer> SEEN = ValueSpec.named("seen").withIntType();
  static final JsonMapper JSON = JsonMapper.builder().build();

  public record User(String name) {}

  public record Greeting(String name, int seen, String text) {}

  @Bean
  KafkaIngressDeserializer<User> userDeserializer() {
    return record -> JSON.readValue(record.value(), User.class);
  }

  @Bean
  KafkaEgressSerializer<Greeting> greetingSerializer() {
    return greeting -> new ProducerRecord<>("greetings", greeting.name().getBytes(UTF_8), JSON.writeValueAsBytes(greeting));
  }

  @Bean
  StatefulFunctionSpec greeter() {
    return StatefulFunctionSpec.builder(GREETER)
        .withValueSpecs(SEEN)
        .withSupplier(() -> (context, input) -> {
          User user = (User) input;
          int seen = context.storage().get(SEEN).orElse(0) + 1;
          context.storage().set(SEEN, seen);
          context.send(GREETINGS, new Greeting(user.name(), seen, "Hello " + user.name() + ", visit #" + seen));
        })
        .build();
  }
}
