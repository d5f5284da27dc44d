package dev.statefun.kafka.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Property lists of test applications: the base settings, and ingresses and egresses by index. */
public final class AppProperties {

  private AppProperties() {}

  /** Broker address, application id, checkpoint directory and interval; no banner. */
  public static Map<String, Object> base(TestBroker broker, String applicationId, Path checkpoints, String interval) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.main.banner-mode", "off");
    properties.put("statefun.kafka.bootstrap-servers", broker.bootstrapServers());
    properties.put("statefun.flink.application-id", applicationId);
    properties.put("statefun.flink.checkpoint-dir", checkpoints.toUri().toString());
    properties.put("statefun.flink.checkpoint-interval", interval);
    return properties;
  }

  /** An ingress reading {@code topic} from the earliest offset with the bean {@code deserializer}, to {@code target}. */
  public static void ingress(Map<String, Object> properties, int index, String id, String topic, String deserializer,
      String target) {
    String prefix = "statefun.kafka.ingresses[" + index + "].";
    properties.put(prefix + "id", id);
    properties.put(prefix + "consumer-group-id", properties.get("statefun.flink.application-id"));
    properties.put(prefix + "topics", topic);
    properties.put(prefix + "deserializer", deserializer);
    properties.put(prefix + "targets", target);
    properties.put(prefix + "startup-position.type", "earliest");
  }

  /** Sends the unreadable records of ingress {@code index} to {@code topic}. */
  public static void deadLetters(Map<String, Object> properties, int index, String topic) {
    properties.put("statefun.kafka.ingresses[" + index + "].on-deserialization-error", "dead-letter");
    properties.put("statefun.kafka.ingresses[" + index + "].dead-letter-topic", topic);
  }

  /** A generic exactly-once egress with a one-minute transaction timeout. */
  public static void exactlyOnceEgress(Map<String, Object> properties, int index, String id) {
    properties.put("statefun.kafka.egresses[" + index + "].id", id);
    properties.put("statefun.kafka.egresses[" + index + "].delivery-semantic.type", "exactly-once");
    properties.put("statefun.kafka.egresses[" + index + "].delivery-semantic.transaction-timeout", "1m");
  }
}
