package dev.statefun.kafka.module;

import dev.statefun.kafka.io.HttpFunctionEndpointSpec;
import java.util.List;

/**
 * Reads a remote module of StateFun 2.x ({@code version: "1.0"} or {@code "2.0"}) or 3.0
 * ({@code version: "3.0"}), with its Kafka ingresses, egresses and (3.0) HTTP function endpoints:
 *
 * <pre>{@code
 * version: "1.0"
 * module:
 *   meta:
 *     type: remote
 *   spec:
 *     ingresses:
 *       - ingress:
 *           meta:
 *             type: statefun.kafka.io/routable-protobuf-ingress   # io.statefun.kafka/ingress in 3.0
 *             id: example/user-ingress
 *           spec: ...
 *     egresses:
 *       - egress:
 *           meta:
 *             type: statefun.kafka.io/generic-egress              # io.statefun.kafka/egress in 3.0
 *             id: example/output-messages
 *           spec: ...
 *     endpoints:                                                  # 3.0
 *       - endpoint:
 *           meta:
 *             kind: http                                          # or io.statefun.endpoints.v1/http, v2/http
 *           spec:
 *             functions: example/*
 *             urlPathTemplate: http://functions:8000/statefun/{function.name}
 *             timeouts: {call: 2 min, connect: 20s}
 * }</pre>
 *
 * <p>StateFun's documentation writes {@code spec} (and {@code type}) one level too far left, at
 * the top of the file and directly under {@code module}; that reads the same. StateFun 2.x
 * remote functions ({@code functions}) are refused with the 3.x endpoint that replaces them (see
 * {@link Statefun2Functions}); {@code routers} are reported as unsupported. Internal.
 */
final class RemoteModuleReader {

  static final List<String> VERSIONS = List.of("1.0", "2.0", "3.0");

  /** {@code meta.kind} of a 3.0 endpoint: {@code http} is StateFun's name for v1. */
  static final List<String> ENDPOINT_KINDS = List.of("http", HttpEndpointReader.V1_KIND, HttpEndpointReader.V2_KIND);

  private RemoteModuleReader() {}

  static void read(YamlNode root, ModuleBindings bindings) {
    root.rejectUnknownKeys(List.of("version", "module", "spec"));
    YamlNode version = root.get("version");
    if (!version.isPresent()) {
      throw version.problem("the module's version is missing",
          "Add version: \"1.0\" (StateFun 2.x) or \"3.0\"; StateFun 3.1+ files have no version but "
              + "documents with 'kind' and 'spec'");
    }
    if (!VERSIONS.contains(version.string())) {
      throw version.problem("unsupported module version '" + version.string() + "'",
          "Valid versions are " + VERSIONS + "; StateFun 3.1+ files have no version but documents with 'kind' and "
              + "'spec'");
    }
    YamlNode module = root.get("module").requireMap().rejectUnknownKeys(List.of("meta", "spec", "type"));
    checkRemote(module);
    YamlNode spec = spec(root, module);
    spec.requireMap();
    rejectUnsupported(spec);
    spec.rejectUnknownKeys(List.of("ingresses", "egresses", "endpoints"));
    for (YamlNode item : spec.get("ingresses").list()) {
      YamlNode ingress = item.requireMap().rejectUnknownKeys(List.of("ingress")).get("ingress").requireMap();
      ingress.rejectUnknownKeys(List.of("meta", "spec"));
      YamlNode meta = ingress.get("meta").requireMap().rejectUnknownKeys(List.of("type", "id"));
      if (!ModuleIoTypes.INGRESS_TYPES.contains(meta.get("type").string())) {
        throw ModuleIoTypes.unsupported(meta.get("type"), "ingress type", ModuleIoTypes.INGRESS_TYPES);
      }
      bindings.add(KafkaIngressReader.read(meta.get("id"), ingress.get("spec"), List.of()));
    }
    for (YamlNode item : spec.get("egresses").list()) {
      YamlNode egress = item.requireMap().rejectUnknownKeys(List.of("egress")).get("egress").requireMap();
      egress.rejectUnknownKeys(List.of("meta", "spec"));
      YamlNode meta = egress.get("meta").requireMap().rejectUnknownKeys(List.of("type", "id"));
      if (!ModuleIoTypes.EGRESS_TYPES.contains(meta.get("type").string())) {
        throw ModuleIoTypes.unsupported(meta.get("type"), "egress type", ModuleIoTypes.EGRESS_TYPES);
      }
      bindings.add(KafkaEgressReader.read(meta.get("id"), egress.get("spec"), List.of()));
    }
    for (YamlNode item : spec.get("endpoints").list()) {
      YamlNode endpoint = item.requireMap().rejectUnknownKeys(List.of("endpoint")).get("endpoint").requireMap();
      bindings.add(endpoint, endpoint(endpoint.rejectUnknownKeys(List.of("meta", "spec"))));
    }
  }

  /** A 3.0 endpoint, {@code meta.kind} naming its format. */
  private static HttpFunctionEndpointSpec endpoint(YamlNode endpoint) {
    YamlNode kind = endpoint.get("meta").requireMap().rejectUnknownKeys(List.of("kind")).get("kind");
    return switch (kind.string()) {
      case "http", HttpEndpointReader.V1_KIND -> HttpEndpointReader.readV1(endpoint.get("spec"));
      case HttpEndpointReader.V2_KIND -> HttpEndpointReader.readV2(endpoint.get("spec"));
      default -> throw kind.invalidValue(ENDPOINT_KINDS);
    };
  }

  /** {@code module.meta.type}, or {@code module.type} as the documentation indents it: {@code remote}. */
  private static void checkRemote(YamlNode module) {
    YamlNode type = module.get("meta").isPresent() ? module.get("meta").get("type") : module.get("type");
    if (module.has("meta")) {
      module.get("meta").rejectUnknownKeys(List.of("type"));
    }
    if (type.isPresent() && !type.string().equals("remote")) {
      throw type.invalidValue(List.of("remote"));
    }
  }

  private static YamlNode spec(YamlNode root, YamlNode module) {
    if (module.has("spec") && root.has("spec")) {
      throw root.get("spec").problem("the module's spec is given twice, under 'module' and at the top",
          "Keep one: module.spec");
    }
    if (!module.has("spec") && !root.has("spec")) {
      throw module.get("spec").problem("the module has no spec",
          "Add module.spec with its ingresses, egresses and endpoints");
    }
    return module.has("spec") ? module.get("spec") : root.get("spec");
  }

  private static void rejectUnsupported(YamlNode spec) {
    if (spec.has("functions")) {
      throw Statefun2Functions.refuse(spec.get("functions"));
    }
    if (spec.has("routers")) {
      throw spec.get("routers").problem("routers are not supported in a module file",
          "Route with the targets of each topic, or bind a Router in a StatefulFunctionModule bean");
    }
  }
}
