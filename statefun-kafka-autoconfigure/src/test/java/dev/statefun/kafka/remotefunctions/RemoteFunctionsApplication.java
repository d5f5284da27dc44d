package dev.statefun.kafka.remotefunctions;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.statefun.kafka.io.KafkaEgressSerializer;
import dev.statefun.kafka.io.KafkaIngressDeserializer;
import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import dev.statefun.kafka.sdk.TypedValue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Java functions next to the remote ones of {@link SdkFunctions}: {@code example/greeter} sends
 * each name to the remote {@code remote/shouter} as a plain {@code String}; {@code example/printer}
 * receives what remote functions send it as {@link TypedValue}s and writes {@code <id>|<text>};
 * {@code example/bomb} fails the job once on the text {@code boom}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class RemoteFunctionsApplication {

  static final FunctionType GREETER = new FunctionType("example", "greeter");
  static final FunctionType PRINTER = new FunctionType("example", "printer");
  static final FunctionType BOMB = new FunctionType("example", "bomb");
  static final FunctionType SHOUTER = new FunctionType("remote", "shouter");
  static final EgressIdentifier<String> PRINTED = new EgressIdentifier<>("example", "printed", String.class);

  static final String RUNNING_MARKER = "REMOTE-FUNCTIONS-APPLICATION-RUNNING";

  /** Set once the bomb went off, so it fails the job once per test JVM. */
  static final AtomicBoolean EXPLODED = new AtomicBoolean();

  /** The application as its own JVM, for the crash test: properties as {@code --name=value}; prints a marker once the job runs. */
  public static void main(String[] args) {
    new org.springframework.boot.builder.SpringApplicationBuilder(RemoteFunctionsApplication.class)
        .web(org.springframework.boot.WebApplicationType.NONE)
        .run(args);
    System.out.println(RUNNING_MARKER);
    System.out.flush();
  }

  @Bean
  io.micrometer.core.instrument.simple.SimpleMeterRegistry meterRegistry() {
    return new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
  }

  @Bean
  KafkaIngressDeserializer<String> nameDeserializer() {
    return record -> new String(record.value(), UTF_8);
  }

  @Bean
  KafkaEgressSerializer<String> printedSerializer(@Value("${remote-test.printed-topic:printed}") String topic) {
    return line -> new ProducerRecord<>(topic, line.substring(0, line.indexOf('|')).getBytes(UTF_8), line.getBytes(UTF_8));
  }

  @Bean
  KafkaEgressSerializer<TypedValue> textSerializer(@Value("${remote-test.texts-topic:texts}") String topic) {
    return text -> new ProducerRecord<>(topic, null, (text.typeName() + "|" + new String(text.value(), UTF_8)).getBytes(UTF_8));
  }

  @Bean
  StatefulFunctionSpec greeter() {
    return StatefulFunctionSpec.builder(GREETER)
        .withSupplier(() -> (context, input) -> context.send(new Address(SHOUTER, context.self().id()), input))
        .build();
  }

  @Bean
  StatefulFunctionSpec printer() {
    return StatefulFunctionSpec.builder(PRINTER)
        .withSupplier(() -> (context, input) -> {
          TypedValue text = (TypedValue) input;
          context.send(PRINTED, context.self().id() + "|" + text.typeName() + "|" + new String(text.value(), UTF_8)
              + "|from " + context.caller().map(Address::toString).orElse("an ingress"));
        })
        .build();
  }

  @Bean
  StatefulFunctionSpec bomb() {
    return StatefulFunctionSpec.builder(BOMB)
        .withSupplier(() -> (context, input) -> {
          if (new String(((TypedValue) input).value(), UTF_8).equals("boom") && EXPLODED.compareAndSet(false, true)) {
            throw new IllegalStateException("boom: an injected failure while remote calls are in flight");
          }
        })
        .build();
  }
}
