package dev.statefun.kafka.sample;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.statefun.kafka.io.KafkaEgressSerializer;
import dev.statefun.kafka.io.KafkaIngressDeserializer;
import dev.statefun.kafka.sdk.Context;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunction;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import dev.statefun.kafka.sdk.ValueSpec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The three beans of the greeter; the ingress and egress are in application.yml. */
@Configuration(proxyBeanMethods = false)
class GreeterFunctions {

  static final FunctionType GREETER = new FunctionType("example", "greeter");
  static final EgressIdentifier<Greeting> GREETINGS = new EgressIdentifier<>("example", "greetings", Greeting.class);
  static final ValueSpec<Integer> SEEN = ValueSpec.named("seen").withIntType();
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

  @Bean
  StatefulFunctionSpec greeter() {
    return StatefulFunctionSpec.builder(GREETER).withValueSpecs(SEEN).withSupplier(Greeter::new).build();
  }

  /** Counts each user's visits in state and greets them. */
  static final class Greeter implements StatefulFunction {
    @Override
    public void invoke(Context context, Object input) {
      User user = (User) input;
      int seen = context.storage().get(SEEN).orElse(0) + 1;
      context.storage().set(SEEN, seen);
      String text = seen == 1 ? "Hello " + user.name() + "!" : "Hello again " + user.name() + ", visit #" + seen;
      context.send(GREETINGS, new Greeting(user.name(), seen, text));
    }
  }
}
