package dev.statefun.kafka.runner;

import dev.statefun.kafka.autoconfigure.KafkaBootstrapServers;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.core.env.Environment;

/**
 * The default Kafka address of a StateFun deployment: the one address its module's ingresses and
 * egresses all name (StateFun modules name it in every spec). The job's own topic, the feedback
 * topic of parallelism above 1, goes there, unless {@code statefun.kafka.bootstrap-servers} or
 * {@code spring.kafka.bootstrap-servers} is set. Nothing when the specs name several addresses, or
 * none.
 */
final class ModuleKafkaAddress implements KafkaBootstrapServers {

  private final StatefulFunctionsUniverse universe;
  private final Environment environment;

  ModuleKafkaAddress(StatefulFunctionsUniverse universe, Environment environment) {
    this.universe = universe;
    this.environment = environment;
  }

  @Override
  public String get() {
    if (environment.containsProperty("spring.kafka.bootstrap-servers")) {
      return null;
    }
    Set<String> addresses = new TreeSet<>();
    universe.ingresses().forEach(ingress -> ingress.kafkaAddress().ifPresent(addresses::add));
    universe.egresses().forEach(egress -> egress.kafkaAddress().ifPresent(addresses::add));
    return addresses.size() == 1 ? addresses.iterator().next() : null;
  }
}
