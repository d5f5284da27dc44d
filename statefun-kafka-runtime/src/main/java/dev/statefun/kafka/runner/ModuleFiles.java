package dev.statefun.kafka.runner;

import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.MapPropertySource;

/**
 * Checks, before anything starts, that the runtime was given something to run (a module file,
 * {@code statefun.kafka.ingresses} or {@code statefun.endpoints}), and makes relative
 * {@code file:} module locations absolute: the job's TaskManagers (in {@code statefun.flink.mode=remote})
 * read the module again, from the same path, whatever their working directory.
 */
final class ModuleFiles implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

  private static final String MODULE = "statefun.kafka.module";
  private static final List<ConfigurationPropertyName> ANY_OF = List.of(
      ConfigurationPropertyName.of(MODULE),
      ConfigurationPropertyName.of("statefun.kafka.ingresses"),
      ConfigurationPropertyName.of("statefun.endpoints"));

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    var environment = event.getEnvironment();
    boolean given = StreamSupport.stream(ConfigurationPropertySources.get(environment).spliterator(), false)
        .filter(IterableConfigurationPropertySource.class::isInstance)
        .flatMap(source -> ((IterableConfigurationPropertySource) source).stream())
        .anyMatch(name -> ANY_OF.stream().anyMatch(wanted -> wanted.equals(name) || wanted.isAncestorOf(name)));
    if (!given) {
      throw new StatefunConfigurationException(MODULE,
          "no module given: this runtime runs the endpoints, ingresses and egresses of a StateFun module file",
          "Start it with --statefun.kafka.module=file:module.yaml (several: file:a.yaml,file:b.yaml)");
    }
    List<String> modules = Binder.get(environment).bind(MODULE, Bindable.listOf(String.class)).orElse(List.of());
    List<String> absolute = modules.stream().map(ModuleFiles::absolute).toList();
    if (!absolute.equals(modules)) {
      environment.getPropertySources().addFirst(
          new MapPropertySource("statefunModuleFiles", Map.of(MODULE, String.join(",", absolute))));
    }
  }

  /** {@code file:module.yaml} → {@code file:/working/directory/module.yaml}; anything else as it is. */
  static String absolute(String location) {
    String trimmed = location.trim();
    if (!trimmed.startsWith("file:") || trimmed.startsWith("file:/")) {
      return trimmed;
    }
    return "file:" + Path.of(trimmed.substring("file:".length())).toAbsolutePath().normalize();
  }
}
