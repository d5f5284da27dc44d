package dev.statefun.kafka.module;

import dev.statefun.kafka.io.KafkaIngressAutoResetPosition;
import dev.statefun.kafka.io.KafkaIngressBuilder;
import dev.statefun.kafka.io.KafkaIngressSpec;
import dev.statefun.kafka.io.KafkaIngressTopic;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.IngressIdentifier;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the {@code spec} of a StateFun Kafka ingress, the same in every module format:
 * {@code address}, {@code consumerGroupId}, {@code topics[]} with {@code topic},
 * {@code typeUrl} (2.x) or {@code valueType} (3.x) and {@code targets}, {@code startupPosition},
 * {@code autoOffsetResetPosition} and {@code properties}. Every topic is routable: the record key
 * is the function id. Without an {@code address} the application's default address applies.
 * Internal.
 */
final class KafkaIngressReader {

  private static final List<String> KEYS = List.of(
      "address", "consumerGroupId", "topics", "startupPosition", "autoOffsetResetPosition", "properties");
  private static final List<String> TOPIC_KEYS = List.of("topic", "typeUrl", "valueType", "targets");
  private static final List<String> AUTO_RESET_POSITIONS =
      Arrays.stream(KafkaIngressAutoResetPosition.values()).map(KafkaIngressAutoResetPosition::configName).toList();

  private KafkaIngressReader() {}

  /**
   * @param id the node holding the ingress id, {@code namespace/name}
   * @param spec the ingress's spec
   * @param otherKeys keys of the spec read elsewhere (the id, in StateFun 3.1+)
   */
  static KafkaIngressSpec<Object> read(YamlNode id, YamlNode spec, List<String> otherKeys) {
    List<String> keys = new ArrayList<>(otherKeys);
    keys.addAll(KEYS);
    spec.requireMap().rejectUnknownKeys(keys);
    KafkaIngressBuilder<Object> ingress = KafkaIngressBuilder.forIdentifier(identifier(id));
    spec.get("address").optionalString().ifPresent(ingress::withKafkaAddress);
    YamlNode groupId = spec.get("consumerGroupId");
    if (!groupId.isPresent()) {
      throw groupId.problem("a consumer group id is required: offsets are committed to it on every checkpoint",
          "Add consumerGroupId: <group> to the ingress spec");
    }
    ingress.withConsumerGroupId(groupId.string());
    YamlNode topics = spec.get("topics");
    if (topics.list().isEmpty()) {
      throw topics.problem("an ingress needs at least one topic",
          "List them as '- topic: <name>' with valueType (or typeUrl) and targets");
    }
    topics.list().forEach(topic -> ingress.withTopic(topic(topic)));
    YamlNode startupPosition = spec.get("startupPosition");
    if (startupPosition.isPresent()) {
      ingress.withStartupPosition(StartupPositionReader.read(startupPosition));
    }
    YamlNode autoReset = spec.get("autoOffsetResetPosition");
    if (autoReset.isPresent()) {
      ingress.withAutoOffsetResetPosition(autoResetPosition(autoReset));
    }
    for (Map.Entry<String, YamlNode> property : spec.get("properties").entries()) {
      ingress.withProperty(property.getKey(), property.getValue().string());
    }
    try {
      return ingress.build();
    } catch (StatefunConfigurationException e) {
      YamlNode where = e.location().endsWith(".withStartupPosition") ? spec.get("startupPosition") : spec;
      throw where.problem(e.problem(), e.action());
    }
  }

  private static IngressIdentifier<Object> identifier(YamlNode id) {
    try {
      return IngressIdentifier.parse(id.string(), Object.class);
    } catch (IllegalArgumentException e) {
      throw id.problem("invalid ingress id '" + id.string() + "'", "Write it as namespace/name, e.g. example/users");
    }
  }

  private static KafkaIngressTopic topic(YamlNode topic) {
    if (!topic.isMap()) {
      throw topic.problem("expected a topic with its value type and targets, found '" + topic.string() + "'",
          "Write '- topic: <name>' with valueType (or typeUrl) and targets below it: a module YAML names no "
              + "deserializer, so each record goes by its key to the targets");
    }
    topic.rejectUnknownKeys(TOPIC_KEYS);
    String name = topic.get("topic").string();
    if (topic.has("typeUrl") && topic.has("valueType")) {
      throw topic.get("valueType").problem("both typeUrl and valueType are given", "Keep one of them");
    }
    YamlNode valueType = topic.has("typeUrl") ? topic.get("typeUrl") : topic.get("valueType");
    if (!valueType.isPresent()) {
      throw topic.get("valueType").problem("topic '" + name + "' needs the type of its values",
          "Add valueType: (typeUrl: in StateFun 2.x) with a class name or a type name such as com.example/User");
    }
    YamlNode targets = topic.get("targets");
    if (targets.list().isEmpty()) {
      throw targets.problem("topic '" + name + "' needs at least one target function type",
          "List them as '- namespace/name'; each record goes to every target, with the record key as id");
    }
    List<FunctionType> functionTypes = targets.list().stream().map(KafkaIngressReader::functionType).toList();
    return KafkaIngressTopic.routable(name, valueType.string(), functionTypes);
  }

  private static FunctionType functionType(YamlNode target) {
    try {
      return FunctionType.parse(target.string());
    } catch (IllegalArgumentException e) {
      throw target.problem("invalid function type '" + target.string() + "'",
          "Write it as namespace/name, e.g. example/greeter");
    }
  }

  private static KafkaIngressAutoResetPosition autoResetPosition(YamlNode position) {
    String name = position.string().toLowerCase(Locale.ROOT);
    for (KafkaIngressAutoResetPosition candidate : KafkaIngressAutoResetPosition.values()) {
      if (candidate.configName().equals(name)) {
        return candidate;
      }
    }
    throw position.invalidValue(AUTO_RESET_POSITIONS);
  }
}
