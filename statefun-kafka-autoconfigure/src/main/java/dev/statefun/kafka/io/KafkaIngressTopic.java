package dev.statefun.kafka.io;

import dev.statefun.kafka.sdk.FunctionType;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One topic of a Kafka ingress. A routable topic, as in StateFun's routable ingress, names the
 * type of its values and the function types each record goes to (record key = function id); a
 * plain topic names neither and is read by the ingress's deserializer and routed by its
 * targets or router.
 *
 * @param topic the topic name
 * @param valueType for a routable topic, the value's type name (a class name, a protobuf type
 *     URL, or any name delivered as a {@code TypedValue}); {@code null} for a plain topic
 * @param targets for a routable topic, the function types every record goes to, in order
 */
public record KafkaIngressTopic(String topic, String valueType, List<FunctionType> targets) implements Serializable {

  public KafkaIngressTopic {
    Objects.requireNonNull(topic, "topic");
    if (topic.isBlank()) {
      throw new IllegalArgumentException("A topic name must not be blank");
    }
    targets = targets == null ? List.of() : List.copyOf(targets);
  }

  /** A plain topic, read by the ingress's deserializer. */
  public static KafkaIngressTopic plain(String topic) {
    return new KafkaIngressTopic(topic, null, List.of());
  }

  /** A routable topic: record key = function id, every record to every target, values of the given type. */
  public static KafkaIngressTopic routable(String topic, String valueType, List<FunctionType> targets) {
    Objects.requireNonNull(valueType, "valueType");
    if (targets == null || targets.isEmpty()) {
      throw new IllegalArgumentException("Routable topic '" + topic + "' needs at least one target function type");
    }
    return new KafkaIngressTopic(topic, valueType, targets);
  }

  public boolean isRoutable() {
    return valueType != null;
  }
}
