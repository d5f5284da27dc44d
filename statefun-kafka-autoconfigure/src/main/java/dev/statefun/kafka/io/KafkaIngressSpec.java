package dev.statefun.kafka.io;

import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.IngressIdentifier;
import dev.statefun.kafka.sdk.IngressSpec;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A Kafka ingress: built with {@link KafkaIngressBuilder}, or bound from
 * {@code statefun.kafka.ingresses} in {@code application.yml}, or from a StateFun module YAML.
 */
public final class KafkaIngressSpec<T> implements IngressSpec<T> {

  private final IngressIdentifier<T> id;
  private final String kafkaAddress;
  private final String consumerGroupId;
  private final List<KafkaIngressTopic> topics;
  private final KafkaIngressDeserializer<T> deserializer;
  private final List<FunctionType> targets;
  private final KafkaIngressStartupPosition startupPosition;
  private final KafkaIngressAutoResetPosition autoResetPosition;
  private final DeserializationErrorPolicy deserializationErrorPolicy;
  private final String deadLetterTopic;
  private final Properties properties;

  KafkaIngressSpec(
      IngressIdentifier<T> id,
      String kafkaAddress,
      String consumerGroupId,
      List<KafkaIngressTopic> topics,
      KafkaIngressDeserializer<T> deserializer,
      List<FunctionType> targets,
      KafkaIngressStartupPosition startupPosition,
      KafkaIngressAutoResetPosition autoResetPosition,
      DeserializationErrorPolicy deserializationErrorPolicy,
      String deadLetterTopic,
      Properties properties) {
    this.id = id;
    this.kafkaAddress = kafkaAddress;
    this.consumerGroupId = consumerGroupId;
    this.topics = List.copyOf(topics);
    this.deserializer = deserializer;
    this.targets = List.copyOf(targets);
    this.startupPosition = startupPosition;
    this.autoResetPosition = autoResetPosition;
    this.deserializationErrorPolicy = deserializationErrorPolicy;
    this.deadLetterTopic = deadLetterTopic;
    this.properties = properties;
  }

  @Override
  public IngressIdentifier<T> id() {
    return id;
  }

  /** The bootstrap servers; empty when the application's default address applies. */
  public Optional<String> kafkaAddress() {
    return Optional.ofNullable(kafkaAddress);
  }

  public String consumerGroupId() {
    return consumerGroupId;
  }

  public List<KafkaIngressTopic> topics() {
    return topics;
  }

  public List<String> topicNames() {
    return topics.stream().map(KafkaIngressTopic::topic).toList();
  }

  /** The deserializer of the plain topics; empty when every topic is routable. */
  public Optional<KafkaIngressDeserializer<T>> deserializer() {
    return Optional.ofNullable(deserializer);
  }

  /** The function types every record of a plain topic goes to (record key = function id). */
  public List<FunctionType> targets() {
    return targets;
  }

  public KafkaIngressStartupPosition startupPosition() {
    return startupPosition;
  }

  public KafkaIngressAutoResetPosition autoResetPosition() {
    return autoResetPosition;
  }

  public DeserializationErrorPolicy deserializationErrorPolicy() {
    return deserializationErrorPolicy;
  }

  public Optional<String> deadLetterTopic() {
    return Optional.ofNullable(deadLetterTopic);
  }

  /** The user's consumer properties; the named settings above win over the same keys. */
  public Properties properties() {
    Properties copy = new Properties();
    copy.putAll(properties);
    return copy;
  }

  /** The same spec with the given address; used to apply the application's default. */
  public KafkaIngressSpec<T> withKafkaAddress(String address) {
    return new KafkaIngressSpec<>(id, address, consumerGroupId, topics, deserializer, targets, startupPosition,
        autoResetPosition, deserializationErrorPolicy, deadLetterTopic, properties);
  }

  @Override
  public String toString() {
    return "KafkaIngressSpec{" + id + ", topics=" + topicNames() + ", group=" + consumerGroupId
        + ", startup=" + startupPosition + "}";
  }
}
