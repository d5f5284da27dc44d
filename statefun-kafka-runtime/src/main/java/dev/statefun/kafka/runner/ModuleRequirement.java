package dev.statefun.kafka.runner;

import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.util.List;
import java.util.stream.StreamSupport;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.ApplicationListener;

/**
 * Stops the runtime before anything starts when it was given nothing to run: no module file, no
 * {@code statefun.kafka.ingresses} and no {@code statefun.endpoints}.
 */
final class ModuleRequirement implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

  private static final List<ConfigurationPropertyName> ANY_OF = List.of(
      ConfigurationPropertyName.of("statefun.kafka.module"),
      ConfigurationPropertyName.of("statefun.kafka.ingresses"),
      ConfigurationPropertyName.of("statefun.endpoints"));

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    boolean given = StreamSupport.stream(ConfigurationPropertySources.get(event.getEnvironment()).spliterator(), false)
        .filter(IterableConfigurationPropertySource.class::isInstance)
        .flatMap(source -> ((IterableConfigurationPropertySource) source).stream())
        .anyMatch(name -> ANY_OF.stream().anyMatch(wanted -> wanted.equals(name) || wanted.isAncestorOf(name)));
    if (!given) {
      throw new StatefunConfigurationException("statefun.kafka.module",
          "no module given: this runtime runs the endpoints, ingresses and egresses of a StateFun module file",
          "Start it with --statefun.kafka.module=file:module.yaml (several: file:a.yaml,file:b.yaml)");
    }
  }
}
