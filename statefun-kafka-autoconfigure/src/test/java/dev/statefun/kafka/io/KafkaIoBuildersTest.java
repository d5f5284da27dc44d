package dev.statefun.kafka.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.IngressIdentifier;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class KafkaIoBuildersTest {

  static final IngressIdentifier<String> USERS = new IngressIdentifier<>(String.class, "example", "users");
  static final EgressIdentifier<String> GREETINGS = new EgressIdentifier<>("example", "greetings", String.class);

  /** A deserializer with a public no-argument constructor, as StateFun's class-based builder method needs. */
  public static final class Utf8Deserializer implements KafkaIngressDeserializer<String> {
    @Override
    public String deserialize(org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> input) {
      return new String(input.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** A serializer with a public no-argument constructor. */
  public static final class Utf8Serializer implements KafkaEgressSerializer<String> {
    @Override
    public ProducerRecord<byte[], byte[]> serialize(String out) {
      return new ProducerRecord<>("greetings", out.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  void ingressBuilderKeepsEverySetting() {
    Properties props = new Properties();
    props.setProperty("fetch.min.bytes", "1");
    KafkaIngressSpec<String> spec = KafkaIngressBuilder.forIdentifier(USERS)
        .withKafkaAddress("localhost:9092")
        .withConsumerGroupId("greetings")
        .withTopic("users")
        .withTopics(List.of("more-users"))
        .withDeserializer(Utf8Deserializer.class)
        .withTargets(new FunctionType("example", "greeter"))
        .withStartupPosition(KafkaIngressStartupPosition.fromLatest())
        .withAutoOffsetResetPosition(KafkaIngressAutoResetPosition.EARLIEST)
        .withProperties(props)
        .withProperty("max.poll.records", "500")
        .build();

    assertThat(spec.id()).isEqualTo(USERS);
    assertThat(spec.kafkaAddress()).contains("localhost:9092");
    assertThat(spec.consumerGroupId()).isEqualTo("greetings");
    assertThat(spec.topicNames()).containsExactly("users", "more-users");
    assertThat(spec.deserializer()).get().isInstanceOf(Utf8Deserializer.class);
    assertThat(spec.targets()).containsExactly(new FunctionType("example", "greeter"));
    assertThat(spec.startupPosition().isLatest()).isTrue();
    assertThat(spec.autoResetPosition()).isEqualTo(KafkaIngressAutoResetPosition.EARLIEST);
    assertThat(spec.properties()).containsEntry("max.poll.records", "500").containsEntry("fetch.min.bytes", "1");
  }

  @Test
  void startupPositionDefaultsToGroupOffsetsAndAutoResetToLatest() {
    KafkaIngressSpec<String> spec = KafkaIngressBuilder.forIdentifier(USERS)
        .withConsumerGroupId("g").withTopic("users").withDeserializer(new Utf8Deserializer()).build();

    assertThat(spec.startupPosition().isGroupOffsets()).isTrue();
    assertThat(spec.autoResetPosition()).isEqualTo(KafkaIngressAutoResetPosition.LATEST);
    assertThat(spec.deserializationErrorPolicy()).isEqualTo(DeserializationErrorPolicy.SKIP);
  }

  @Test
  void ingressWithoutTopicsNamesTheBuilderMethod() {
    assertThatThrownBy(() -> KafkaIngressBuilder.forIdentifier(USERS).withConsumerGroupId("g").build())
        .isInstanceOf(StatefunConfigurationException.class)
        .hasMessageContaining("withTopic")
        .hasMessageContaining("at least one topic");
  }

  @Test
  void plainTopicsWithoutDeserializerAreRefused() {
    assertThatThrownBy(() -> KafkaIngressBuilder.forIdentifier(USERS).withConsumerGroupId("g").withTopic("t").build())
        .isInstanceOf(StatefunConfigurationException.class)
        .hasMessageContaining("withDeserializer");
  }

  @Test
  void specificOffsetsRejectNegativeOffsets() {
    assertThatThrownBy(() -> KafkaIngressStartupPosition.fromSpecificOffsets(Map.of(new TopicPartition("t", 0), -1L)))
        .hasMessageContaining("0 or greater");
  }

  @Test
  void aStartupDateInTheFutureIsRefused() {
    assertThatThrownBy(() -> KafkaIngressBuilder.forIdentifier(USERS).withConsumerGroupId("g").withTopic("t")
            .withDeserializer(new Utf8Deserializer())
            .withStartupPosition(KafkaIngressStartupPosition.fromDate(ZonedDateTime.now().plusDays(1)))
            .build())
        .hasMessageContaining("in the future");
  }

  @Test
  void egressDefaultsToAtLeastOnceWithFifteenMinuteTimeout() {
    KafkaEgressSpec<String> spec = KafkaEgressBuilder.forIdentifier(GREETINGS).withSerializer(Utf8Serializer.class).build();

    assertThat(spec.deliverySemantic()).isEqualTo(DeliverySemantic.AT_LEAST_ONCE);
    assertThat(spec.transactionTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(spec.serializer()).get().isInstanceOf(Utf8Serializer.class);
  }

  @Test
  void egressBuilderSetsEachSemantic() {
    assertThat(KafkaEgressBuilder.forIdentifier(GREETINGS).withExactlyOnceProducerSemantics(Duration.ofMinutes(5))
        .build()).satisfies(spec -> {
          assertThat(spec.deliverySemantic()).isEqualTo(DeliverySemantic.EXACTLY_ONCE);
          assertThat(spec.transactionTimeout()).isEqualTo(Duration.ofMinutes(5));
        });
    assertThat(KafkaEgressBuilder.forIdentifier(GREETINGS).withNoProducerSemantics().build().deliverySemantic())
        .isEqualTo(DeliverySemantic.NONE);
    assertThat(KafkaEgressBuilder.forIdentifier(GREETINGS).withNoProducerSemantics().withAtLeastOnceProducerSemantics()
        .build().deliverySemantic()).isEqualTo(DeliverySemantic.AT_LEAST_ONCE);
  }

  @Test
  void deliverySemanticNamesListTheValidTypes() {
    assertThat(DeliverySemantic.fromTypeName("EXACTLY_ONCE")).isEqualTo(DeliverySemantic.EXACTLY_ONCE);
    assertThatThrownBy(() -> DeliverySemantic.fromTypeName("twice"))
        .hasMessage("Invalid delivery semantic type: twice; valid types are [none, at-least-once, exactly-once]");
  }
}
