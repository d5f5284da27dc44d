package dev.statefun.kafka.io;

import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * Builds a Kafka egress, with the method names of StateFun's Kafka I/O module.
 *
 * <pre>{@code
 * EgressSpec<Greeting> greetings = KafkaEgressBuilder.forIdentifier(GREETINGS)
 *     .withKafkaAddress("localhost:9092")
 *     .withSerializer(GreetingSerializer.class)
 *     .withExactlyOnceProducerSemantics(Duration.ofMinutes(15))
 *     .withProperty("linger.ms", "5")
 *     .build();
 * }</pre>
 *
 * <p>Without a serializer the egress is generic: it writes {@link KafkaProducerRecord}s as
 * they are, and other messages as JSON to the {@link #withDefaultTopic default topic}.
 */
public final class KafkaEgressBuilder<T> {

  private final EgressIdentifier<T> id;
  private String kafkaAddress;
  private KafkaEgressSerializer<T> serializer;
  private String defaultTopic;
  private String keyProperty;
  private DeliverySemantic deliverySemantic = DeliverySemantic.AT_LEAST_ONCE;
  private Duration transactionTimeout = KafkaEgressSpec.DEFAULT_TRANSACTION_TIMEOUT;
  private final Properties properties = new Properties();

  private KafkaEgressBuilder(EgressIdentifier<T> id) {
    this.id = Objects.requireNonNull(id, "id");
  }

  public static <T> KafkaEgressBuilder<T> forIdentifier(EgressIdentifier<T> id) {
    return new KafkaEgressBuilder<>(id);
  }

  /** The bootstrap servers, e.g. {@code localhost:9092}. */
  public KafkaEgressBuilder<T> withKafkaAddress(String kafkaAddress) {
    this.kafkaAddress = Objects.requireNonNull(kafkaAddress, "kafkaAddress");
    return this;
  }

  /** The serializer class; it needs a public no-argument constructor. */
  public KafkaEgressBuilder<T> withSerializer(Class<? extends KafkaEgressSerializer<T>> serializerClass) {
    this.serializer = KafkaIngressBuilder.instantiate(serializerClass);
    return this;
  }

  public KafkaEgressBuilder<T> withSerializer(KafkaEgressSerializer<T> serializer) {
    this.serializer = Objects.requireNonNull(serializer, "serializer");
    return this;
  }

  /** For a generic egress: where messages other than {@link KafkaProducerRecord}s go, as JSON. */
  public KafkaEgressBuilder<T> withDefaultTopic(String topic) {
    this.defaultTopic = Objects.requireNonNull(topic, "topic");
    return this;
  }

  /**
   * For a generic egress writing JSON: the property of the message whose value becomes the
   * record key, written as UTF-8 (e.g. {@code name} keys {@code {"name":"alice",...}} by
   * {@code alice}). Without it such records have no key.
   */
  public KafkaEgressBuilder<T> withKeyProperty(String property) {
    this.keyProperty = Objects.requireNonNull(property, "property");
    return this;
  }

  /** Kafka transactions committed on checkpoint, with this transaction timeout. */
  public KafkaEgressBuilder<T> withExactlyOnceProducerSemantics(Duration transactionTimeout) {
    this.deliverySemantic = DeliverySemantic.EXACTLY_ONCE;
    this.transactionTimeout = Objects.requireNonNull(transactionTimeout, "transactionTimeout");
    return this;
  }

  /** Every record written, duplicates possible after a failure; the default. */
  public KafkaEgressBuilder<T> withAtLeastOnceProducerSemantics() {
    this.deliverySemantic = DeliverySemantic.AT_LEAST_ONCE;
    return this;
  }

  /** No guarantee: records may be lost on failure. */
  public KafkaEgressBuilder<T> withNoProducerSemantics() {
    this.deliverySemantic = DeliverySemantic.NONE;
    return this;
  }

  /** Producer properties; the named settings of this builder win over the same keys. */
  public KafkaEgressBuilder<T> withProperties(Properties properties) {
    this.properties.putAll(Objects.requireNonNull(properties, "properties"));
    return this;
  }

  public KafkaEgressBuilder<T> withProperty(String key, String value) {
    properties.setProperty(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * Checks the settings and builds the spec.
   *
   * @throws StatefunConfigurationException naming the builder method to fix
   */
  public KafkaEgressSpec<T> build() {
    if (deliverySemantic == DeliverySemantic.EXACTLY_ONCE
        && (transactionTimeout.isZero() || transactionTimeout.isNegative())) {
      throw new StatefunConfigurationException("KafkaEgressBuilder(" + id + ").withExactlyOnceProducerSemantics",
          "the transaction timeout must be positive, got " + transactionTimeout);
    }
    if (keyProperty != null && (serializer != null || defaultTopic == null)) {
      throw new StatefunConfigurationException("KafkaEgressBuilder(" + id + ").withKeyProperty",
          "a key property applies only to a generic egress with a default topic",
          "Call withDefaultTopic and leave out withSerializer, or drop withKeyProperty");
    }
    return new KafkaEgressSpec<>(id, kafkaAddress, serializer, defaultTopic, keyProperty, deliverySemantic,
        transactionTimeout, properties);
  }
}
