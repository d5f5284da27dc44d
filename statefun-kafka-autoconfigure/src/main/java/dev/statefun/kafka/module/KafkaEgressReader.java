package dev.statefun.kafka.module;

import dev.statefun.kafka.io.KafkaEgressBuilder;
import dev.statefun.kafka.io.KafkaEgressSpec;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code spec} of a StateFun Kafka egress, the same in every module format:
 * {@code address}, {@code deliverySemantic} and {@code properties}. The egress is generic, as in
 * StateFun: it has no serializer, functions send it {@code KafkaProducerRecord}s. Without an
 * {@code address} the application's default address applies. Internal.
 */
final class KafkaEgressReader {

  private static final List<String> KEYS = List.of("address", "deliverySemantic", "properties");

  private KafkaEgressReader() {}

  /**
   * @param id the node holding the egress id, {@code namespace/name}
   * @param spec the egress's spec
   * @param otherKeys keys of the spec read elsewhere (the id, in StateFun 3.1+)
   */
  static KafkaEgressSpec<Object> read(YamlNode id, YamlNode spec, List<String> otherKeys) {
    List<String> keys = new ArrayList<>(otherKeys);
    keys.addAll(KEYS);
    spec.requireMap().rejectUnknownKeys(keys);
    KafkaEgressBuilder<Object> egress = KafkaEgressBuilder.forIdentifier(identifier(id));
    spec.get("address").optionalString().ifPresent(egress::withKafkaAddress);
    YamlNode deliverySemantic = spec.get("deliverySemantic");
    if (deliverySemantic.isPresent()) {
      DeliverySemanticReader.apply(deliverySemantic, egress);
    }
    for (Map.Entry<String, YamlNode> property : spec.get("properties").entries()) {
      egress.withProperty(property.getKey(), property.getValue().string());
    }
    try {
      return egress.build();
    } catch (StatefunConfigurationException e) {
      YamlNode where = deliverySemantic.isPresent() ? deliverySemantic : spec;
      throw where.problem(e.problem(), e.action());
    }
  }

  private static EgressIdentifier<Object> identifier(YamlNode id) {
    try {
      return EgressIdentifier.parse(id.string(), Object.class);
    } catch (IllegalArgumentException e) {
      throw id.problem("invalid egress id '" + id.string() + "'", "Write it as namespace/name, e.g. example/greetings");
    }
  }
}
