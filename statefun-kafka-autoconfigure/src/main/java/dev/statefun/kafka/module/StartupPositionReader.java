package dev.statefun.kafka.module;

import dev.statefun.kafka.io.KafkaIngressStartupPosition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads an ingress's {@code startupPosition} as StateFun's documentation writes it:
 *
 * <pre>{@code
 * startupPosition:
 *   type: specific-offsets    # group-offsets | earliest | latest | specific-offsets | date
 *   offsets:
 *     - user-topic/0: 91
 *     - user-topic/1: 11
 * startupPosition:
 *   type: date
 *   date: 2020-02-01 04:15:00.00 Z
 * }</pre>
 *
 * <p>{@code offsets} may also be a map. Internal.
 */
final class StartupPositionReader {

  static final List<String> TYPES = List.of("group-offsets", "earliest", "latest", "specific-offsets", "date");

  private StartupPositionReader() {}

  static KafkaIngressStartupPosition read(YamlNode position) {
    position.requireMap().rejectUnknownKeys(List.of("type", "offsets", "date"));
    YamlNode typeNode = position.get("type");
    String type = typeNode.string().toLowerCase(Locale.ROOT);
    if (!TYPES.contains(type)) {
      throw typeNode.invalidValue(TYPES);
    }
    rejectUnless(position, "offsets", type, "specific-offsets");
    rejectUnless(position, "date", type, "date");
    return switch (type) {
      case "earliest" -> KafkaIngressStartupPosition.fromEarliest();
      case "latest" -> KafkaIngressStartupPosition.fromLatest();
      case "specific-offsets" -> KafkaIngressStartupPosition.fromSpecificOffsets(offsets(position.get("offsets")));
      case "date" -> {
        YamlNode date = position.get("date");
        yield KafkaIngressStartupPosition.fromDate(ConfigValues.date(date.location(), date.string()));
      }
      default -> KafkaIngressStartupPosition.fromGroupOffsets();
    };
  }

  private static void rejectUnless(YamlNode position, String key, String type, String typeReadingIt) {
    if (position.has(key) && !type.equals(typeReadingIt)) {
      throw position.get(key).problem("'" + key + "' is read only for type " + typeReadingIt + ", the type is " + type,
          "Set type: " + typeReadingIt + ", or remove '" + key + "'");
    }
  }

  private static Map<TopicPartition, Long> offsets(YamlNode offsets) {
    if (!offsets.isPresent()) {
      throw offsets.problem("type specific-offsets needs the offsets to start from",
          "List them as '- topic/partition: offset', e.g. '- user-topic/0: 91'");
    }
    Map<TopicPartition, Long> byPartition = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> entry : offsets.entries()) {
      YamlNode offset = entry.getValue();
      TopicPartition partition = ConfigValues.topicPartition(offset.location(), entry.getKey());
      if (byPartition.put(partition, ConfigValues.offset(offset.location(), offset.scalar())) != null) {
        throw offset.problem("partition " + entry.getKey() + " is listed twice", "Keep one offset per partition");
      }
    }
    if (byPartition.isEmpty()) {
      throw offsets.problem("type specific-offsets needs at least one offset",
          "List them as '- topic/partition: offset', e.g. '- user-topic/0: 91'");
    }
    return byPartition;
  }
}
