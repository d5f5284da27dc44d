package dev.statefun.kafka.egress;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.statefun.kafka.io.KafkaIngressDeserializer;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Relays every input value to the generic egress {@code test/out} (written to its topic as
 * UTF-8); the value {@code fail} makes the function throw once while {@link #FAIL_ONCE} is set,
 * which fails the job and makes Flink restart it from the last checkpoint.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class RelayApplication {

  static final FunctionType RELAY = new FunctionType("test", "relay");
  static final EgressIdentifier<String> OUT = new EgressIdentifier<>("test", "out", String.class);
  static final AtomicBoolean FAIL_ONCE = new AtomicBoolean();

  @Bean
  KafkaIngressDeserializer<String> valueDeserializer() {
    return record -> new String(record.value(), UTF_8);
  }

  @Bean
  StatefulFunctionSpec relay() {
    return StatefulFunctionSpec.builder(RELAY)
        .withSupplier(() -> (context, input) -> {
          if ("fail".equals(input) && FAIL_ONCE.compareAndSet(true, false)) {
            throw new IllegalStateException("forced failure on the marker record");
          }
          context.send(OUT, (String) input);
        })
        .build();
  }
}
