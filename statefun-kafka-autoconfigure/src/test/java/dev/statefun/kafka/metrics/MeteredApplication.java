package dev.statefun.kafka.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.statefun.kafka.io.KafkaIngressDeserializer;
import dev.statefun.kafka.io.KafkaProducerRecord;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Relays every input value to the generic egress {@code test/out}, with its own
 * {@link SimpleMeterRegistry}. The deserializer cannot read {@code poison} and skips {@code skip}
 * (returns null); {@code fail} makes the function throw once while {@link #FAIL_ONCE} is set.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class MeteredApplication {

  static final FunctionType RELAY = new FunctionType("test", "relay");
  static final EgressIdentifier<KafkaProducerRecord> OUT = new EgressIdentifier<>("test", "out", KafkaProducerRecord.class);
  public static final AtomicBoolean FAIL_ONCE = new AtomicBoolean();
  /** Where the relay writes. */
  public static final String OUT_TOPIC = MetricsITCase.OUT_TOPIC;

  @Bean
  SimpleMeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }

  @Bean
  KafkaIngressDeserializer<String> textDeserializer() {
    return record -> {
      String value = new String(record.value(), UTF_8);
      if (value.equals("poison")) {
        throw new IllegalArgumentException("unreadable record");
      }
      return value.equals("skip") ? null : value;
    };
  }

  @Bean
  StatefulFunctionSpec relay() {
    return StatefulFunctionSpec.builder(RELAY)
        .withSupplier(() -> (context, input) -> {
          if ("fail".equals(input) && FAIL_ONCE.compareAndSet(true, false)) {
            throw new IllegalStateException("forced failure on the marker record");
          }
          context.send(OUT, new KafkaProducerRecord(MetricsITCase.OUT_TOPIC, context.self().id(),
              ((String) input).getBytes(UTF_8)));
        })
        .build();
  }
}
