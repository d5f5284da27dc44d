package dev.statefun.kafka.io;

import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.EgressSpec;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * A Kafka egress: built with {@link KafkaEgressBuilder}, or bound from
 * {@code statefun.kafka.egresses} in {@code application.yml}, or from a StateFun module YAML.
 */
public final class KafkaEgressSpec<T> implements EgressSpec<T> {

  /** The transaction timeout when none is given, as in StateFun. */
  public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

  private final EgressIdentifier<T> id;
  private final String kafkaAddress;
  private final KafkaEgressSerializer<T> serializer;
  private final String defaultTopic;
  private final String keyProperty;
  private final DeliverySemantic deliverySemantic;
  private final Duration transactionTimeout;
  private final Properties properties;

  KafkaEgressSpec(
      EgressIdentifier<T> id,
      String kafkaAddress,
      KafkaEgressSerializer<T> serializer,
      String defaultTopic,
      String keyProperty,
      DeliverySemantic deliverySemantic,
      Duration transactionTimeout,
      Properties properties) {
    this.id = id;
    this.kafkaAddress = kafkaAddress;
    this.serializer = serializer;
    this.defaultTopic = defaultTopic;
    this.keyProperty = keyProperty;
    this.deliverySemantic = deliverySemantic;
    this.transactionTimeout = transactionTimeout;
    this.properties = properties;
  }

  @Override
  public EgressIdentifier<T> id() {
    return id;
  }

  /** The bootstrap servers; empty when the application's default address applies. */
  public Optional<String> kafkaAddress() {
    return Optional.ofNullable(kafkaAddress);
  }

  /** The serializer; empty for a generic egress, which writes {@link KafkaProducerRecord}s and JSON. */
  public Optional<KafkaEgressSerializer<T>> serializer() {
    return Optional.ofNullable(serializer);
  }

  /** For a generic egress, the topic of messages that are not {@link KafkaProducerRecord}s. */
  public Optional<String> defaultTopic() {
    return Optional.ofNullable(defaultTopic);
  }

  /**
   * For a generic egress, the property of a message written as JSON whose value becomes the
   * record key (UTF-8); empty for records without a key.
   */
  public Optional<String> keyProperty() {
    return Optional.ofNullable(keyProperty);
  }

  public DeliverySemantic deliverySemantic() {
    return deliverySemantic;
  }

  /** The Kafka transaction timeout of an exactly-once egress. */
  public Duration transactionTimeout() {
    return transactionTimeout;
  }

  /** The user's producer properties; the named settings above win over the same keys. */
  public Properties properties() {
    Properties copy = new Properties();
    copy.putAll(properties);
    return copy;
  }

  /** The same spec with the given address; used to apply the application's default. */
  public KafkaEgressSpec<T> withKafkaAddress(String address) {
    return new KafkaEgressSpec<>(id, address, serializer, defaultTopic, keyProperty, deliverySemantic, transactionTimeout,
        properties);
  }

  @Override
  public String toString() {
    return "KafkaEgressSpec{" + id + ", " + deliverySemantic.typeName()
        + (deliverySemantic == DeliverySemantic.EXACTLY_ONCE ? " (timeout " + transactionTimeout + ")" : "") + "}";
  }
}
