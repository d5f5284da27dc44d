package dev.statefun.kafka.module;

import dev.statefun.kafka.io.HttpFunctionEndpointBinder;
import dev.statefun.kafka.io.HttpFunctionEndpointSpec;
import dev.statefun.kafka.io.KafkaEgressSpec;
import dev.statefun.kafka.io.KafkaIngressSpec;
import dev.statefun.kafka.sdk.StatefulFunctionModule;
import java.util.ArrayList;
import java.util.List;

/**
 * The endpoints, ingresses and egresses read from a module file, held until the whole file has
 * been read, so a mistake anywhere in it binds nothing. Internal.
 */
final class ModuleBindings {

  private final List<KafkaIngressSpec<Object>> ingresses = new ArrayList<>();
  private final List<KafkaEgressSpec<Object>> egresses = new ArrayList<>();
  private final List<HttpFunctionEndpointSpec> endpoints = new ArrayList<>();
  private YamlNode firstEndpoint;

  void add(KafkaIngressSpec<Object> ingress) {
    ingresses.add(ingress);
  }

  void add(KafkaEgressSpec<Object> egress) {
    egresses.add(egress);
  }

  /** @param where the endpoint's document or list item, named if the binder takes no endpoints */
  void add(YamlNode where, HttpFunctionEndpointSpec endpoint) {
    if (firstEndpoint == null) {
      firstEndpoint = where;
    }
    endpoints.add(endpoint);
  }

  void bindTo(StatefulFunctionModule.Binder binder) {
    if (!endpoints.isEmpty()) {
      if (!(binder instanceof HttpFunctionEndpointBinder endpointBinder)) {
        throw firstEndpoint.problem("this module declares HTTP function endpoints, but it is bound into a "
                + binder.getClass().getName() + ", which takes none",
            "Bind the module into a StatefulFunctionsUniverse (statefun.kafka.module does), or into a binder that "
                + "also implements " + HttpFunctionEndpointBinder.class.getName());
      }
      endpoints.forEach(endpointBinder::bindEndpoint);
    }
    ingresses.forEach(binder::bindIngress);
    egresses.forEach(binder::bindEgress);
  }
}
