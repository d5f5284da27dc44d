package dev.statefun.kafka.io;

import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.IngressIdentifier;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.lang.reflect.Constructor;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * Builds a Kafka ingress, with the method names of StateFun's Kafka I/O module.
 *
 * <pre>{@code
 * IngressSpec<User> users = KafkaIngressBuilder.forIdentifier(USERS)
 *     .withKafkaAddress("localhost:9092")
 *     .withConsumerGroupId("greetings")
 *     .withTopic("users")
 *     .withDeserializer(UserDeserializer.class)
 *     .withStartupPosition(KafkaIngressStartupPosition.fromEarliest())
 *     .withProperty("max.poll.records", "500")
 *     .build();
 * }</pre>
 */
public final class KafkaIngressBuilder<T> {

  private final IngressIdentifier<T> id;
  private String kafkaAddress;
  private String consumerGroupId;
  private final List<KafkaIngressTopic> topics = new ArrayList<>();
  private KafkaIngressDeserializer<T> deserializer;
  private final List<FunctionType> targets = new ArrayList<>();
  private KafkaIngressStartupPosition startupPosition = KafkaIngressStartupPosition.fromGroupOffsets();
  private KafkaIngressAutoResetPosition autoResetPosition = KafkaIngressAutoResetPosition.LATEST;
  private DeserializationErrorPolicy deserializationErrorPolicy = DeserializationErrorPolicy.SKIP;
  private String deadLetterTopic;
  private final Properties properties = new Properties();

  private KafkaIngressBuilder(IngressIdentifier<T> id) {
    this.id = Objects.requireNonNull(id, "id");
  }

  public static <T> KafkaIngressBuilder<T> forIdentifier(IngressIdentifier<T> id) {
    return new KafkaIngressBuilder<>(id);
  }

  /** The bootstrap servers, e.g. {@code localhost:9092}. */
  public KafkaIngressBuilder<T> withKafkaAddress(String kafkaAddress) {
    this.kafkaAddress = Objects.requireNonNull(kafkaAddress, "kafkaAddress");
    return this;
  }

  public KafkaIngressBuilder<T> withConsumerGroupId(String consumerGroupId) {
    this.consumerGroupId = Objects.requireNonNull(consumerGroupId, "consumerGroupId");
    return this;
  }

  /** Adds a plain topic, read by the deserializer. */
  public KafkaIngressBuilder<T> withTopic(String topic) {
    topics.add(KafkaIngressTopic.plain(topic));
    return this;
  }

  /** Adds plain topics, read by the deserializer. */
  public KafkaIngressBuilder<T> withTopics(List<String> topics) {
    topics.forEach(this::withTopic);
    return this;
  }

  /** Adds a routable topic: record key = function id, each record to every target. */
  public KafkaIngressBuilder<T> withRoutableTopic(String topic, String valueType, FunctionType... targets) {
    topics.add(KafkaIngressTopic.routable(topic, valueType, Arrays.asList(targets)));
    return this;
  }

  /** Adds a topic as described by {@link KafkaIngressTopic}. */
  public KafkaIngressBuilder<T> withTopic(KafkaIngressTopic topic) {
    topics.add(Objects.requireNonNull(topic, "topic"));
    return this;
  }

  /** The deserializer class; it needs a public no-argument constructor. */
  public KafkaIngressBuilder<T> withDeserializer(Class<? extends KafkaIngressDeserializer<T>> deserializerClass) {
    this.deserializer = instantiate(deserializerClass);
    return this;
  }

  public KafkaIngressBuilder<T> withDeserializer(KafkaIngressDeserializer<T> deserializer) {
    this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
    return this;
  }

  /** Routes every record of the plain topics to these function types, with the record key as id. */
  public KafkaIngressBuilder<T> withTargets(FunctionType... targets) {
    this.targets.addAll(Arrays.asList(targets));
    return this;
  }

  public KafkaIngressBuilder<T> withStartupPosition(KafkaIngressStartupPosition startupPosition) {
    this.startupPosition = Objects.requireNonNull(startupPosition, "startupPosition");
    return this;
  }

  public KafkaIngressBuilder<T> withAutoOffsetResetPosition(KafkaIngressAutoResetPosition position) {
    this.autoResetPosition = Objects.requireNonNull(position, "position");
    return this;
  }

  /** What to do with a record that cannot be read; {@link DeserializationErrorPolicy#SKIP} by default. */
  public KafkaIngressBuilder<T> withDeserializationErrorPolicy(DeserializationErrorPolicy policy) {
    this.deserializationErrorPolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /** Sends records that cannot be read to this topic (sets the policy to dead-letter). */
  public KafkaIngressBuilder<T> withDeadLetterTopic(String topic) {
    this.deadLetterTopic = Objects.requireNonNull(topic, "topic");
    this.deserializationErrorPolicy = DeserializationErrorPolicy.DEAD_LETTER;
    return this;
  }

  /** Consumer properties; the named settings of this builder win over the same keys. */
  public KafkaIngressBuilder<T> withProperties(Properties properties) {
    this.properties.putAll(Objects.requireNonNull(properties, "properties"));
    return this;
  }

  public KafkaIngressBuilder<T> withProperty(String key, String value) {
    properties.setProperty(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * Checks the settings and builds the spec.
   *
   * @throws StatefunConfigurationException naming the builder method to fix
   */
  public KafkaIngressSpec<T> build() {
    sanityCheck();
    return new KafkaIngressSpec<>(id, kafkaAddress, consumerGroupId, topics, deserializer, targets,
        startupPosition, autoResetPosition, deserializationErrorPolicy, deadLetterTopic, properties);
  }

  private void sanityCheck() {
    String where = "KafkaIngressBuilder(" + id + ")";
    if (topics.isEmpty()) {
      throw new StatefunConfigurationException(where + ".withTopic", "an ingress needs at least one topic");
    }
    if (consumerGroupId == null || consumerGroupId.isBlank()) {
      throw new StatefunConfigurationException(where + ".withConsumerGroupId",
          "a consumer group id is required: offsets are committed to it on every checkpoint");
    }
    boolean hasPlainTopic = topics.stream().anyMatch(topic -> !topic.isRoutable());
    if (hasPlainTopic && deserializer == null) {
      throw new StatefunConfigurationException(where + ".withDeserializer",
          "plain topics " + plainTopics() + " need a deserializer");
    }
    if (deserializationErrorPolicy == DeserializationErrorPolicy.DEAD_LETTER
        && (deadLetterTopic == null || deadLetterTopic.isBlank())) {
      throw new StatefunConfigurationException(where + ".withDeadLetterTopic",
          "the dead-letter policy needs a dead-letter topic");
    }
    if (startupPosition.isDate() && startupPosition.date().isAfter(ZonedDateTime.now().plusMinutes(1))) {
      throw new StatefunConfigurationException(where + ".withStartupPosition",
          "the startup date " + startupPosition.date() + " is in the future");
    }
  }

  private List<String> plainTopics() {
    return topics.stream().filter(topic -> !topic.isRoutable()).map(KafkaIngressTopic::topic).toList();
  }

  static <S> S instantiate(Class<? extends S> type) {
    Objects.requireNonNull(type, "class");
    try {
      Constructor<? extends S> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          "Cannot create " + type.getName() + ": it needs a no-argument constructor (" + e + ")", e);
    }
  }
}
