package dev.statefun.kafka.module;

import dev.statefun.kafka.io.HttpFunctionEndpointBinder;
import dev.statefun.kafka.sdk.StatefulFunctionModule;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.io.InputStream;
import java.util.List;

/**
 * Reads a StateFun module YAML and binds its HTTP function endpoints, Kafka ingresses and
 * egresses, as {@code statefun.kafka.module: classpath:module.yaml} does. The file is written as
 * StateFun's documentation shows it, in any of its formats:
 *
 * <ul>
 *   <li>StateFun 3.1+: documents separated by {@code ---}, each with a {@code kind} and a
 *       {@code spec}: {@code io.statefun.endpoints.v2/http} or {@code v1/http} (remote functions
 *       served over HTTP, see {@link HttpEndpointReader}), {@code io.statefun.kafka.v1/ingress} and
 *       {@code egress} (see {@link ComponentReader});
 *   <li>StateFun 3.0: {@code version: "3.0"}, {@code module.spec.endpoints[]} with
 *       {@code meta.kind: http}, {@code ingresses[]} of type {@code io.statefun.kafka/ingress} and
 *       {@code egresses[]} of type {@code io.statefun.kafka/egress};
 *   <li>StateFun 2.x: {@code version: "1.0"} or {@code "2.0"}, {@code module.spec.ingresses[]} of
 *       type {@code statefun.kafka.io/routable-protobuf-ingress} and {@code egresses[]} of type
 *       {@code statefun.kafka.io/generic-egress} (see {@link RemoteModuleReader}). Its remote
 *       {@code functions} speak the 2.x protocol, which is not served: they are refused with the
 *       3.x endpoint document that replaces them.
 * </ul>
 *
 * <pre>{@code
 * try (InputStream in = Files.newInputStream(Path.of("module.yaml"))) {
 *   ModuleYaml.bind("module.yaml", in, universe);
 * }
 * }</pre>
 *
 * <p>Each ingress topic is routable (record key = function id, to every target); each egress is
 * generic (functions send {@code KafkaProducerRecord}s). A mistake, or a StateFun feature this
 * starter does not support (Kinesis, other I/O types, 2.x remote functions), fails with a
 * {@link StatefunConfigurationException} naming the file and the YAML path, e.g.
 * {@code module.yaml: spec.ingresses[0].ingress.spec.startupPosition.type}, and nothing of the
 * file is bound.
 */
public final class ModuleYaml {

  private ModuleYaml() {}

  /**
   * Binds every endpoint, ingress and egress of the module. Endpoints need a binder that is also
   * an {@link HttpFunctionEndpointBinder} (a {@code StatefulFunctionsUniverse} is).
   *
   * @param name the file's name, used in error messages
   * @throws StatefunConfigurationException naming the file and YAML path of the mistake, or the
   *     first endpoint when the binder takes no endpoints
   */
  public static void bind(String name, InputStream yaml, StatefulFunctionModule.Binder binder) {
    ModuleBindings bindings = new ModuleBindings();
    for (YamlNode document : YamlDocuments.read(name, yaml)) {
      read(document, bindings);
    }
    bindings.bindTo(binder);
  }

  private static void read(YamlNode document, ModuleBindings bindings) {
    if (!document.isMap()) {
      throw document.problem("not a StateFun module: the document is not a mapping", formats());
    }
    if (document.has("kind")) {
      ComponentReader.read(document, bindings);
    } else if (document.has("version") || document.has("module")) {
      RemoteModuleReader.read(document, bindings);
    } else {
      throw document.problem("not a StateFun module: found the keys " + List.copyOf(document.keys()), formats());
    }
  }

  private static String formats() {
    return "Write 'version' and 'module' (StateFun 2.x, 3.0), or one document per endpoint, ingress and egress "
        + "with 'kind' and 'spec' (StateFun 3.1+)";
  }
}
