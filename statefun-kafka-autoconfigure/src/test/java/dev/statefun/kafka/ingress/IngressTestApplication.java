package dev.statefun.kafka.ingress;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.StringValue;
import dev.statefun.kafka.io.KafkaEgressSerializer;
import dev.statefun.kafka.io.KafkaIngressAutoResetPosition;
import dev.statefun.kafka.io.KafkaIngressBuilder;
import dev.statefun.kafka.io.KafkaIngressDeserializer;
import dev.statefun.kafka.io.KafkaIngressStartupPosition;
import dev.statefun.kafka.sdk.Context;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.IngressIdentifier;
import dev.statefun.kafka.sdk.IngressSpec;
import dev.statefun.kafka.sdk.Router;
import dev.statefun.kafka.sdk.StatefulFunction;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import dev.statefun.kafka.sdk.TypedValue;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The application the ingress tests run. Its functions report what reached them to the egress
 * {@code test/out}: a record read by {@link #positionDeserializer} as {@code topic/partition@offset}
 * to {@code out-<topic>}, any other message as {@code type|id|message} to {@code test.routed-out}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class IngressTestApplication {

  public static final FunctionType RECORDER = new FunctionType("test", "recorder");
  public static final FunctionType AUDITOR = new FunctionType("test", "auditor");
  public static final EgressIdentifier<Out> OUT = new EgressIdentifier<>("test", "out", Out.class);

  /** Where a record was read. */
  public record Position(String topic, int partition, long offset) {
    @Override
    public String toString() {
      return topic + "/" + partition + "@" + offset;
    }
  }

  /** A routable topic's JSON value. */
  public record Greeting(String text) {}

  /** A line for the egress. */
  public record Out(String topic, String line) {}

  /** Reads a record as its position; throws on the value {@code poison}, skips the value {@code skip-me}. */
  @Bean
  KafkaIngressDeserializer<Position> positionDeserializer() {
    return record -> {
      String value = record.value() == null ? null : new String(record.value(), UTF_8);
      if ("poison".equals(value)) {
        throw new IllegalStateException("cannot read the value 'poison'");
      }
      return "skip-me".equals(value) ? null : new Position(record.topic(), record.partition(), record.offset());
    };
  }

  /** Routes a position to the recorder, with its partition as the id. */
  @Bean
  Router<Position> positionRouter() {
    return (position, downstream) -> downstream.forward(RECORDER, "p" + position.partition(), position);
  }

  /** An ingress built with the Java builder, as a bean: specific offsets given as a map. */
  @Bean
  @ConditionalOnProperty("test.builder-topic")
  IngressSpec<Position> builderIngress(@Value("${test.builder-topic}") String topic,
      @Value("${statefun.kafka.bootstrap-servers}") String address) {
    return KafkaIngressBuilder.forIdentifier(new IngressIdentifier<>(Position.class, "test", "builder"))
        .withKafkaAddress(address)
        .withConsumerGroupId("g-" + topic)
        .withTopic(topic)
        .withDeserializer(positionDeserializer())
        .withTargets(RECORDER)
        .withStartupPosition(KafkaIngressStartupPosition.fromSpecificOffsets(Map.of(new TopicPartition(topic, 0), 1L)))
        .withAutoOffsetResetPosition(KafkaIngressAutoResetPosition.EARLIEST)
        .build();
  }

  @Bean
  KafkaEgressSerializer<Out> outSerializer() {
    return out -> new ProducerRecord<>(out.topic(), null, out.line().getBytes(UTF_8));
  }

  @Bean
  StatefulFunctionSpec recorder(@Value("${test.routed-out:routed-out}") String routedOut) {
    return StatefulFunctionSpec.builder(RECORDER).withSupplier(() -> new Reporter(routedOut)).build();
  }

  @Bean
  StatefulFunctionSpec auditor(@Value("${test.routed-out:routed-out}") String routedOut) {
    return StatefulFunctionSpec.builder(AUDITOR).withSupplier(() -> new Reporter(routedOut)).build();
  }

  /** Reports every message it receives to the egress. */
  static final class Reporter implements StatefulFunction {
    private final String routedOut;

    Reporter(String routedOut) {
      this.routedOut = routedOut;
    }

    @Override
    public void invoke(Context context, Object input) {
      if (input instanceof Position position) {
        context.send(OUT, new Out("out-" + position.topic(), position.toString()));
      } else {
        context.send(OUT, new Out(routedOut, context.self().type() + "|" + context.self().id() + "|" + describe(input)));
      }
    }

    static String describe(Object input) {
      if (input instanceof Greeting greeting) {
        return "Greeting:" + greeting.text();
      }
      if (input instanceof TypedValue typed) {
        return "TypedValue:" + typed.typeName() + ":" + new String(typed.value(), UTF_8);
      }
      if (input instanceof StringValue proto) {
        return "StringValue:" + proto.getValue();
      }
      return input.getClass().getSimpleName() + ":" + input;
    }
  }
}
