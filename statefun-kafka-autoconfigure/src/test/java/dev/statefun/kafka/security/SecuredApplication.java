package dev.statefun.kafka.security;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.statefun.kafka.io.KafkaIngressDeserializer;
import dev.statefun.kafka.io.KafkaProducerRecord;
import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Relays each input value through a second function (addressed by the value, so with
 * parallelism 2 half the messages take the feedback loop) to the generic egress {@code test/out};
 * the value {@code poison} cannot be read.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SecuredApplication {

  static final FunctionType RELAY = new FunctionType("test", "relay");
  static final FunctionType ECHO = new FunctionType("test", "echo");
  static final EgressIdentifier<KafkaProducerRecord> OUT = new EgressIdentifier<>("test", "out", KafkaProducerRecord.class);
  static final String OUT_TOPIC = "secured-out";

  @Bean
  KafkaIngressDeserializer<String> textDeserializer() {
    return record -> {
      String value = new String(record.value(), UTF_8);
      if (value.equals("poison")) {
        throw new IllegalArgumentException("unreadable record");
      }
      return value;
    };
  }

  @Bean
  StatefulFunctionSpec relay() {
    return StatefulFunctionSpec.builder(RELAY)
        .withSupplier(() -> (context, input) -> context.send(new Address(ECHO, (String) input), input))
        .build();
  }

  @Bean
  StatefulFunctionSpec echo() {
    return StatefulFunctionSpec.builder(ECHO)
        .withSupplier(() -> (context, input) ->
            context.send(OUT, new KafkaProducerRecord(OUT_TOPIC, context.self().id(), ((String) input).getBytes(UTF_8))))
        .build();
  }
}
