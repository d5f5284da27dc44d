package dev.statefun.kafka.module;

import java.util.List;

/**
 * Reads a component of StateFun 3.1+: one YAML document per HTTP function endpoint, ingress or
 * egress, its {@code kind} naming what it is (see {@link ModuleIoTypes#KINDS}):
 *
 * <pre>{@code
 * kind: io.statefun.endpoints.v2/http
 * spec:
 *   functions: com.example.fns/*
 *   urlPathTemplate: http://functions:8000/statefun/{function.name}
 * ---
 * kind: io.statefun.kafka.v1/ingress
 * spec:
 *   id: com.example/users
 *   address: kafka-broker:9092
 *   consumerGroupId: my-consumer-group
 *   topics:
 *     - topic: messages-1
 *       valueType: com.example/User
 *       targets:
 *         - com.example.fns/greeter
 * ---
 * kind: io.statefun.kafka.v1/egress
 * spec:
 *   id: com.example/greetings
 *   deliverySemantic:
 *     type: exactly-once
 *     transactionTimeout: 15min
 * }</pre>
 *
 * <p>Endpoints are read by {@link HttpEndpointReader}; other kinds are reported with the valid
 * ones. Internal.
 */
final class ComponentReader {

  private ComponentReader() {}

  static void read(YamlNode root, ModuleBindings bindings) {
    root.rejectUnknownKeys(List.of("kind", "spec"));
    YamlNode kind = root.get("kind");
    YamlNode spec = root.get("spec").requireMap();
    switch (kind.string()) {
      case ModuleIoTypes.INGRESS_KIND -> bindings.add(KafkaIngressReader.read(spec.get("id"), spec, List.of("id")));
      case ModuleIoTypes.EGRESS_KIND -> bindings.add(KafkaEgressReader.read(spec.get("id"), spec, List.of("id")));
      case HttpEndpointReader.V2_KIND -> bindings.add(root, HttpEndpointReader.readV2(spec));
      case HttpEndpointReader.V1_KIND -> bindings.add(root, HttpEndpointReader.readV1(spec));
      default -> throw ModuleIoTypes.unsupported(kind, "kind", ModuleIoTypes.KINDS);
    }
  }
}
