package dev.statefun.kafka.module;

import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.util.List;
import java.util.Locale;

/**
 * The StateFun I/O types and component kinds a module file may use, and the message for any other:
 * the supported ones are listed, and StateFun features this starter leaves out (Kinesis, Kafka
 * I/O types other than the routable ingress and generic egress) are named as such. Internal.
 */
final class ModuleIoTypes {

  /** Ingress types of StateFun 2.x ({@code meta.type}) and 3.0. */
  static final List<String> INGRESS_TYPES =
      List.of("statefun.kafka.io/routable-protobuf-ingress", "io.statefun.kafka/ingress");

  /** Egress types of StateFun 2.x ({@code meta.type}) and 3.0. */
  static final List<String> EGRESS_TYPES = List.of("statefun.kafka.io/generic-egress", "io.statefun.kafka/egress");

  static final String INGRESS_KIND = "io.statefun.kafka.v1/ingress";
  static final String EGRESS_KIND = "io.statefun.kafka.v1/egress";

  /** Component kinds of StateFun 3.1+. */
  static final List<String> KINDS =
      List.of(HttpEndpointReader.V2_KIND, HttpEndpointReader.V1_KIND, INGRESS_KIND, EGRESS_KIND);

  private ModuleIoTypes() {}

  /**
   * @param node the {@code type} or {@code kind} that is not supported
   * @param what what it is the type of, e.g. {@code ingress type}
   */
  static StatefunConfigurationException unsupported(YamlNode node, String what, List<String> supported) {
    String value = node.string();
    String lower = value.toLowerCase(Locale.ROOT);
    String valid = "Supported " + what + "s are " + supported;
    if (lower.contains("kinesis")) {
      return node.problem("AWS Kinesis I/O ('" + value + "') is not supported: this starter reads and writes Kafka",
          valid);
    }
    if (lower.startsWith("statefun.kafka.io/")) {
      return node.problem("the StateFun Kafka " + what + " '" + value + "' is not supported in a module file",
          valid + "; an ingress with a deserializer or an egress with a serializer goes in application.yml "
              + "(statefun.kafka.ingresses / egresses) or in a KafkaIngressBuilder / KafkaEgressBuilder bean");
    }
    return node.problem("unknown " + what + " '" + value + "'", valid);
  }
}
