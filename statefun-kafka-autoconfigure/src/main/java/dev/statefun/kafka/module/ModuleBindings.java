package dev.statefun.kafka.module;

import dev.statefun.kafka.io.KafkaEgressSpec;
import dev.statefun.kafka.io.KafkaIngressSpec;
import dev.statefun.kafka.sdk.StatefulFunctionModule;
import java.util.ArrayList;
import java.util.List;

/**
 * The ingresses and egresses read from a module file, held until the whole file has been read,
 * so a mistake anywhere in it binds nothing. Internal.
 */
final class ModuleBindings {

  private final List<KafkaIngressSpec<Object>> ingresses = new ArrayList<>();
  private final List<KafkaEgressSpec<Object>> egresses = new ArrayList<>();

  void add(KafkaIngressSpec<Object> ingress) {
    ingresses.add(ingress);
  }

  void add(KafkaEgressSpec<Object> egress) {
    egresses.add(egress);
  }

  void bindTo(StatefulFunctionModule.Binder binder) {
    ingresses.forEach(binder::bindIngress);
    egresses.forEach(binder::bindEgress);
  }
}
