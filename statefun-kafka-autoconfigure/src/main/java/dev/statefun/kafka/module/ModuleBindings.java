package dev.statefun.kafka.module;

import dev.statefun.kafka.io.HttpFunctionEndpointBinder;
import dev.statefun.kafka.io.HttpFunctionEndpointSpec;
import dev.statefun.kafka.io.KafkaEgressSpec;
import dev.statefun.kafka.io.KafkaIngressSpec;
import dev.statefun.kafka.sdk.StatefulFunctionModule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The endpoints, ingresses and egresses read from a module file, held until the whole file has
 * been read, so a mistake anywhere in it binds nothing. Internal.
 */
final class ModuleBindings {

  private final List<KafkaIngressSpec<Object>> ingresses = new ArrayList<>();
  private final List<KafkaEgressSpec<Object>> egresses = new ArrayList<>();
  private final Map<String, YamlNode> endpoints = new LinkedHashMap<>();
  private final List<HttpFunctionEndpointSpec> endpointSpecs = new ArrayList<>();

  void add(KafkaIngressSpec<Object> ingress) {
    ingresses.add(ingress);
  }

  void add(KafkaEgressSpec<Object> egress) {
    egresses.add(egress);
  }

  /**
   * @param where the endpoint's document or list item, named when another endpoint of the file
   *     serves the same functions, or when the binder takes no endpoints
   */
  void add(YamlNode where, HttpFunctionEndpointSpec endpoint) {
    YamlNode earlier = endpoints.putIfAbsent(endpoint.functions(), where);
    if (earlier != null) {
      throw where.problem("functions " + endpoint.functions() + " are served by two endpoints, "
              + earlier.location() + " and this one",
          "Keep one endpoint per function type or namespace");
    }
    endpointSpecs.add(endpoint);
  }

  void bindTo(StatefulFunctionModule.Binder binder) {
    if (!endpoints.isEmpty()) {
      if (!(binder instanceof HttpFunctionEndpointBinder endpointBinder)) {
        YamlNode first = endpoints.values().iterator().next();
        throw first.problem("this module declares HTTP function endpoints, but it is bound into a "
                + binder.getClass().getName() + ", which takes none",
            "Bind the module into a StatefulFunctionsUniverse (statefun.kafka.module does), or into a binder that "
                + "also implements " + HttpFunctionEndpointBinder.class.getName());
      }
      endpointSpecs.forEach(endpointBinder::bindEndpoint);
    }
    ingresses.forEach(binder::bindIngress);
    egresses.forEach(binder::bindEgress);
  }
}
