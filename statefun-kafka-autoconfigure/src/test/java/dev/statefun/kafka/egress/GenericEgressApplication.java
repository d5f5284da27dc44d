package dev.statefun.kafka.egress;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.statefun.kafka.io.KafkaIngressDeserializer;
import dev.statefun.kafka.io.KafkaProducerRecord;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** A function that writes to three generic egresses, and tries one the application does not have. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class GenericEgressApplication {

  static final FunctionType WRITER = new FunctionType("test", "writer");
  static final EgressIdentifier<KafkaProducerRecord> RECORDS =
      new EgressIdentifier<>("test", "records", KafkaProducerRecord.class);
  static final EgressIdentifier<Person> KEYED = new EgressIdentifier<>("test", "keyed-json", Person.class);
  static final EgressIdentifier<Person> UNKEYED = new EgressIdentifier<>("test", "unkeyed-json", Person.class);
  static final EgressIdentifier<String> MISSING = new EgressIdentifier<>("test", "missing", String.class);

  public record Person(String name, int age) {}

  @Bean
  KafkaIngressDeserializer<String> commandDeserializer() {
    return record -> new String(record.value(), UTF_8);
  }

  @Bean
  StatefulFunctionSpec writer() {
    return StatefulFunctionSpec.builder(WRITER)
        .withSupplier(() -> (context, input) -> {
          switch ((String) input) {
            case "records" -> {
              context.send(RECORDS, new KafkaProducerRecord("generic-records", "alice", "v1".getBytes(UTF_8))
                  .withHeader("trace", "t-1")
                  .withHeader("bin", new byte[] {0, 1, 2}));
              context.send(RECORDS, new KafkaProducerRecord("generic-other", null, "v2".getBytes(UTF_8)));
            }
            case "json" -> {
              context.send(KEYED, new Person("alice", 42));
              context.send(UNKEYED, new Person("bob", 7));
            }
            case "unknown" -> {
              try {
                context.send(MISSING, "lost");
              } catch (IllegalArgumentException e) {
                context.send(RECORDS, new KafkaProducerRecord("generic-errors", null, e.getMessage().getBytes(UTF_8)));
              }
            }
            default -> throw new IllegalArgumentException("unknown command " + input);
          }
        })
        .build();
  }
}
