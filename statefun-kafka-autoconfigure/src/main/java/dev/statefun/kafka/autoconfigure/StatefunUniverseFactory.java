package dev.statefun.kafka.autoconfigure;

import dev.statefun.kafka.io.HttpFunctionEndpointSpec;
import dev.statefun.kafka.annotation.StatefulFunctionType;
import dev.statefun.kafka.annotation.TypedFunctions;
import dev.statefun.kafka.module.ModuleYaml;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import dev.statefun.kafka.sdk.EgressSpec;
import dev.statefun.kafka.sdk.IngressSpec;
import dev.statefun.kafka.sdk.StatefulFunctionModule;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Gathers everything the application binds into one {@link StatefulFunctionsUniverse}: the
 * {@code statefun.endpoints} and {@code statefun.kafka} ingresses and egresses, module YAML files,
 * {@link HttpFunctionEndpointSpec}, {@link IngressSpec}, {@link EgressSpec}, {@link StatefulFunctionSpec}
 * and {@link StatefulFunctionType} beans, and {@link StatefulFunctionModule} beans; then checks it as a
 * whole.
 */
final class StatefunUniverseFactory {

  private final StatefunKafkaProperties kafka;
  private final StatefunFlinkProperties flink;
  private final StatefunEndpointsProperties endpoints;
  private final ListableBeanFactory beans;
  private final ResourceLoader resources;
  private final Map<String, String> globalConfiguration;

  StatefunUniverseFactory(StatefunKafkaProperties kafka, StatefunFlinkProperties flink,
      StatefunEndpointsProperties endpoints, ListableBeanFactory beans, ResourceLoader resources,
      Map<String, String> globalConfiguration) {
    this.kafka = kafka;
    this.flink = flink;
    this.endpoints = endpoints;
    this.beans = beans;
    this.resources = resources;
    this.globalConfiguration = globalConfiguration;
  }

  StatefulFunctionsUniverse create() {
    StatefulFunctionsUniverse universe = new StatefulFunctionsUniverse();
    beans.getBeansOfType(StatefulFunctionSpec.class).forEach((name, spec) ->
        universe.from("bean '" + name + "'").bindFunction(spec));
    for (int i = 0; i < endpoints.getEndpoints().size(); i++) {
      String path = "statefun.endpoints[" + i + "]";
      universe.from(path).bindEndpoint(EndpointPropertiesBinder.bind(path, endpoints.getEndpoints().get(i)));
    }
    beans.getBeansOfType(HttpFunctionEndpointSpec.class).forEach((name, endpoint) ->
        universe.from("bean '" + name + "'").bindEndpoint(endpoint));
    beans.getBeansWithAnnotation(StatefulFunctionType.class).forEach((name, function) ->
        universe.from("@StatefulFunctionType bean '" + name + "' (" + function.getClass().getName() + ")")
            .bindFunction(TypedFunctions.specOf(function)));
    NamedBeans named = new NamedBeans(beans);
    IngressPropertiesBinder ingresses = new IngressPropertiesBinder(named);
    for (int i = 0; i < kafka.getIngresses().size(); i++) {
      String path = "statefun.kafka.ingresses[" + i + "]";
      IngressPropertiesBinder.Bound bound = ingresses.bind(path, kafka.getIngresses().get(i));
      universe.from(path).bindIngress(bound.spec());
      if (bound.router() != null) {
        universe.from(path + ".router").bindIngressRouter(bound.spec().id(), bound.router());
      }
    }
    EgressPropertiesBinder egresses = new EgressPropertiesBinder(named);
    for (int i = 0; i < kafka.getEgresses().size(); i++) {
      String path = "statefun.kafka.egresses[" + i + "]";
      universe.from(path).bindEgress(egresses.bind(path, kafka.getEgresses().get(i)));
    }
    for (int i = 0; i < kafka.getModule().size(); i++) {
      bindModuleYaml("statefun.kafka.module[" + i + "]", kafka.getModule().get(i), universe);
    }
    beans.getBeansOfType(IngressSpec.class).forEach((name, spec) -> universe.from("bean '" + name + "'").bindIngress(spec));
    beans.getBeansOfType(EgressSpec.class).forEach((name, spec) -> universe.from("bean '" + name + "'").bindEgress(spec));
    beans.getBeansOfType(StatefulFunctionModule.class).forEach((name, module) ->
        module.configure(globalConfiguration, universe.from("StatefulFunctionModule bean '" + name + "'")));
    universe.validate();
    checkTransactionTimeouts(universe);
    return universe;
  }

  private void bindModuleYaml(String path, String location, StatefulFunctionsUniverse universe) {
    Resource resource = resources.getResource(location);
    if (!resource.exists()) {
      throw new StatefunConfigurationException(path, "the module file '" + location + "' does not exist",
          "Name a classpath: or file: resource, e.g. classpath:module.yaml");
    }
    try (InputStream in = resource.getInputStream()) {
      ModuleYaml.bind(location, in, universe.from(location));
    } catch (IOException e) {
      throw new StatefunConfigurationException(path, "cannot read the module file '" + location + "': " + e);
    }
  }

  private void checkTransactionTimeouts(StatefulFunctionsUniverse universe) {
    new TransactionTimeoutCheck(kafka).againstCheckpointInterval(universe, flink.getCheckpointInterval());
  }

}
