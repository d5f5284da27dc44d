package dev.statefun.kafka.autoconfigure;

import dev.statefun.kafka.io.DeserializationErrorPolicy;
import dev.statefun.kafka.io.KafkaIngressAutoResetPosition;
import dev.statefun.kafka.io.KafkaIngressBuilder;
import dev.statefun.kafka.io.KafkaIngressDeserializer;
import dev.statefun.kafka.io.KafkaIngressSpec;
import dev.statefun.kafka.io.KafkaIngressStartupPosition;
import dev.statefun.kafka.io.KafkaIngressTopic;
import dev.statefun.kafka.module.ConfigValues;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.IngressIdentifier;
import dev.statefun.kafka.sdk.Router;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Turns one {@code statefun.kafka.ingresses[n]} entry into a {@link KafkaIngressSpec}; every
 * mistake names its property path and what is valid there.
 */
final class IngressPropertiesBinder {

  static final List<String> STARTUP_TYPES = List.of("group-offsets", "earliest", "latest", "specific-offsets", "date");

  private final NamedBeans beans;

  IngressPropertiesBinder(NamedBeans beans) {
    this.beans = beans;
  }

  /** The spec, and the router bean it names, if any. */
  record Bound(KafkaIngressSpec<Object> spec, Router<Object> router) {}

  @SuppressWarnings("unchecked")
  Bound bind(String path, StatefunKafkaProperties.Ingress ingress) {
    IngressIdentifier<Object> id = identifier(path + ".id", ingress.getId());
    KafkaIngressBuilder<Object> builder = KafkaIngressBuilder.forIdentifier(id);
    if (ingress.getAddress() != null) {
      builder.withKafkaAddress(ingress.getAddress());
    }
    if (ingress.getConsumerGroupId() == null || ingress.getConsumerGroupId().isBlank()) {
      throw new StatefunConfigurationException(path + ".consumer-group-id", "a consumer group id is required",
          "Offsets are committed to this group on every checkpoint; set e.g. consumer-group-id: " + id.name());
    }
    builder.withConsumerGroupId(ingress.getConsumerGroupId());
    if (ingress.getTopics() == null || ingress.getTopics().isEmpty()) {
      throw new StatefunConfigurationException(path + ".topics", "an ingress needs at least one topic",
          "List topic names, e.g. topics: [users], or routable topics with topic, value-type and targets");
    }
    boolean plainTopics = false;
    for (int i = 0; i < ingress.getTopics().size(); i++) {
      KafkaIngressTopic topic = topic(path + ".topics[" + i + "]", ingress.getTopics().get(i));
      plainTopics |= !topic.isRoutable();
      builder.withTopic(topic);
    }
    if (plainTopics) {
      builder.withDeserializer(
          beans.get(path + ".deserializer", ingress.getDeserializer(), KafkaIngressDeserializer.class));
    }
    List<FunctionType> targets = functionTypes(path + ".targets", ingress.getTargets());
    builder.withTargets(targets.toArray(FunctionType[]::new));
    Router<Object> router = null;
    if (ingress.getRouter() != null) {
      if (!targets.isEmpty()) {
        throw new StatefunConfigurationException(path + ".router", "an ingress takes targets or a router, not both",
            "Remove " + path + ".targets or " + path + ".router");
      }
      router = beans.get(path + ".router", ingress.getRouter(), Router.class);
    } else if (plainTopics && targets.isEmpty()) {
      throw new StatefunConfigurationException(path + ".targets",
          "plain topics need targets (function types; the record key is the id) or a router bean",
          "Set e.g. targets: [example/greeter], or router: myRouter");
    }
    builder.withStartupPosition(startupPosition(path + ".startup-position", ingress.getStartupPosition()));
    builder.withAutoOffsetResetPosition(autoReset(path + ".auto-offset-reset-position",
        ingress.getAutoOffsetResetPosition()));
    DeserializationErrorPolicy policy = errorPolicy(path + ".on-deserialization-error",
        ingress.getOnDeserializationError());
    builder.withDeserializationErrorPolicy(policy);
    if (policy == DeserializationErrorPolicy.DEAD_LETTER) {
      if (ingress.getDeadLetterTopic() == null || ingress.getDeadLetterTopic().isBlank()) {
        throw new StatefunConfigurationException(path + ".dead-letter-topic",
            "on-deserialization-error: dead-letter needs a dead-letter topic", "Set " + path + ".dead-letter-topic");
      }
      builder.withDeadLetterTopic(ingress.getDeadLetterTopic());
    }
    ingress.getProperties().forEach(builder::withProperty);
    return new Bound(builder.build(), router);
  }

  static <T> IngressIdentifier<T> identifier(String path, String id) {
    FunctionType parsed = functionType(path, id, "an ingress id");
    return new IngressIdentifier<>((Class<T>) (Class<?>) Object.class, parsed.namespace(), parsed.name());
  }

  static FunctionType functionType(String path, String text, String what) {
    if (text == null || text.isBlank()) {
      throw new StatefunConfigurationException(path, what + " is required", "Write it as namespace/name");
    }
    try {
      return FunctionType.parse(text);
    } catch (IllegalArgumentException e) {
      throw new StatefunConfigurationException(path, "invalid " + what + " '" + text + "'",
          "Write it as namespace/name, e.g. example/greeter");
    }
  }

  static List<FunctionType> functionTypes(String path, List<String> texts) {
    List<FunctionType> types = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      types.add(functionType(path + "[" + i + "]", texts.get(i), "a function type"));
    }
    return types;
  }

  private static KafkaIngressTopic topic(String path, StatefunKafkaProperties.Topic topic) {
    if (topic.getTopic() == null || topic.getTopic().isBlank()) {
      throw new StatefunConfigurationException(path + ".topic", "a topic name is required");
    }
    if (topic.getValueType() == null) {
      if (!topic.getTargets().isEmpty()) {
        throw new StatefunConfigurationException(path + ".value-type",
            "a routable topic with targets needs a value type",
            "Set value-type to a class name (read as JSON or protobuf) or any type name (delivered as TypedValue)");
      }
      return KafkaIngressTopic.plain(topic.getTopic());
    }
    if (topic.getTargets().isEmpty()) {
      throw new StatefunConfigurationException(path + ".targets", "a routable topic needs at least one target",
          "Set targets: [namespace/name, ...]");
    }
    return KafkaIngressTopic.routable(topic.getTopic(), topic.getValueType(),
        functionTypes(path + ".targets", topic.getTargets()));
  }

  static KafkaIngressStartupPosition startupPosition(String path, StatefunKafkaProperties.StartupPosition position) {
    String type = position.getType() == null ? "group-offsets" : position.getType().trim().toLowerCase();
    return switch (type) {
      case "group-offsets" -> KafkaIngressStartupPosition.fromGroupOffsets();
      case "earliest" -> KafkaIngressStartupPosition.fromEarliest();
      case "latest" -> KafkaIngressStartupPosition.fromLatest();
      case "specific-offsets" -> KafkaIngressStartupPosition.fromSpecificOffsets(
          specificOffsets(path + ".offsets", position.getOffsets()));
      case "date" -> KafkaIngressStartupPosition.fromDate(date(path + ".date", position.getDate()));
      default -> throw StatefunConfigurationException.invalidValue(path + ".type", position.getType(), STARTUP_TYPES);
    };
  }

  private static Map<TopicPartition, Long> specificOffsets(String path, Map<String, String> offsets) {
    if (offsets == null || offsets.isEmpty()) {
      throw new StatefunConfigurationException(path, "specific-offsets needs offsets",
          "Write them as offsets: {\"[users/0]\": 91, \"[users/1]\": 11}");
    }
    Map<TopicPartition, Long> parsed = new LinkedHashMap<>();
    offsets.forEach((key, value) -> {
      if (key.indexOf('/') < 0) {
        throw new StatefunConfigurationException(path, "the partition key '" + key + "' has no '/'",
            "Spring Boot drops '/' from map keys that are not bracketed: write {\"[users/0]\": 91}, "
                + "or in properties form " + path + "[users/0]=91");
      }
      parsed.put(ConfigValues.topicPartition(path, key), ConfigValues.offset(path + "[" + key + "]", value));
    });
    return parsed;
  }

  private static ZonedDateTime date(String path, String date) {
    if (date == null || date.isBlank()) {
      throw new StatefunConfigurationException(path, "startup position date needs a date",
          "Write it as 2020-02-01 04:15:00.00 Z or ISO-8601");
    }
    ZonedDateTime parsed = ConfigValues.date(path, date);
    if (parsed.isAfter(ZonedDateTime.now().plusMinutes(1))) {
      throw new StatefunConfigurationException(path, "the date " + date + " is in the future",
          "A date startup position reads records written at or after it: use a past date");
    }
    return parsed;
  }

  static KafkaIngressAutoResetPosition autoReset(String path, String value) {
    String text = value == null ? "latest" : value.trim().toLowerCase();
    return switch (text) {
      case "latest" -> KafkaIngressAutoResetPosition.LATEST;
      case "earliest" -> KafkaIngressAutoResetPosition.EARLIEST;
      default -> throw StatefunConfigurationException.invalidValue(path, value, List.of("latest", "earliest"));
    };
  }

  private static DeserializationErrorPolicy errorPolicy(String path, String value) {
    try {
      return DeserializationErrorPolicy.fromConfigName(value == null ? "skip" : value);
    } catch (IllegalArgumentException e) {
      throw StatefunConfigurationException.invalidValue(path, value, DeserializationErrorPolicy.configNames());
    }
  }
}
