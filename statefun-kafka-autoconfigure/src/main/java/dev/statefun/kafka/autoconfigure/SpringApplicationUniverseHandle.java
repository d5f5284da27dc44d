package dev.statefun.kafka.autoconfigure;

import dev.statefun.kafka.runtime.universe.LocalUniverseHandle;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import dev.statefun.kafka.runtime.universe.UniverseHandle;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * The {@link UniverseHandle} of a job that runs on a remote Flink cluster: it carries what it
 * takes to start the application there (its configuration classes, active profiles and
 * properties) and nothing else.
 *
 * <p>On a TaskManager, the first operator that opens starts the application's context (not a web
 * application, with job submission and the embedded broker off, with the extra profile {@value
 * #TASK_MANAGER_PROFILE}) once per job and TaskManager, with the job's user code class loader,
 * and takes the functions, (de)serializers and routers from its universe. The context closes when
 * Flink releases that class loader (the job's last task there is gone), or when the JVM exits.
 * In the application's own JVM the handle finds the running universe instead.
 *
 * <p>The application's properties travel inside the job: keep secrets in places the cluster can
 * read itself (environment variables, files) rather than in inline properties.
 */
public final class SpringApplicationUniverseHandle implements UniverseHandle {

  /** The profile active in the application contexts started on TaskManagers, to leave out beans with side effects. */
  public static final String TASK_MANAGER_PROFILE = "statefun-taskmanager";

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SpringApplicationUniverseHandle.class);
  private static final Map<String, Object> TASK_MANAGER_PROPERTIES = Map.of(
      "statefun.flink.auto-startup", "false",
      "statefun.kafka.embedded-broker.enabled", "false",
      "spring.main.web-application-type", "none",
      "spring.main.banner-mode", "off");
  /** Describe the JVM the application runs in, not the application. */
  private static final Set<String> MACHINE_PROPERTIES = Set.of("spring.application.pid", "PID");
  /** One application context per application in this class loader, that is per job on a TaskManager. */
  private static final Map<String, ConfigurableApplicationContext> CONTEXTS = new HashMap<>();

  private final String applicationId;
  private final List<String> sources;
  private final List<String> profiles;
  private final LinkedHashMap<String, String> properties;
  private final HashMap<String, Object> environmentVariables;

  private SpringApplicationUniverseHandle(String applicationId, List<String> sources, List<String> profiles,
      LinkedHashMap<String, String> properties, HashMap<String, Object> environmentVariables) {
    this.applicationId = applicationId;
    this.sources = List.copyOf(sources);
    this.profiles = List.copyOf(profiles);
    this.properties = properties;
    this.environmentVariables = environmentVariables;
  }

  /** A handle to start this running application elsewhere. */
  public static SpringApplicationUniverseHandle of(String applicationId, ListableBeanFactory beans,
      ConfigurableEnvironment environment) {
    List<String> sources = new ArrayList<>();
    for (String name : beans.getBeanNamesForAnnotation(SpringBootConfiguration.class)) {
      Class<?> type = beans.getType(name);
      if (type != null) {
        sources.add(ClassUtils.getUserClass(type).getName());
      }
    }
    if (sources.isEmpty()) {
      throw new StatefunConfigurationException("statefun.flink.mode",
          "remote mode starts the application on the TaskManagers, but it has no @SpringBootApplication "
              + "(@SpringBootConfiguration) class to start from",
          "Annotate the application's main class with @SpringBootApplication");
    }
    LinkedHashMap<String, String> properties = new LinkedHashMap<>();
    HashMap<String, Object> variables = new HashMap<>();
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
        continue;
      }
      boolean environmentVariables = source instanceof SystemEnvironmentPropertySource;
      boolean systemProperties = StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME.equals(source.getName());
      for (String name : enumerable.getPropertyNames()) {
        if (environmentVariables) {
          // machine-specific ones (PATH, JAVA_HOME...) stay behind
          if (name.startsWith("STATEFUN_") || name.startsWith("SPRING_")) {
            variables.putIfAbsent(name, String.valueOf(source.getProperty(name)));
          }
        } else if ((!systemProperties || name.startsWith("statefun.") || name.startsWith("spring."))
            && !MACHINE_PROPERTIES.contains(name)) {
          if (!properties.containsKey(name)) {
            effectiveValue(environment, name).ifPresent(value -> properties.put(name, value));
          }
        }
      }
    }
    return new SpringApplicationUniverseHandle(applicationId, sources, List.of(environment.getActiveProfiles()),
        properties, variables);
  }

  private static Optional<String> effectiveValue(ConfigurableEnvironment environment, String name) {
    try {
      return Optional.ofNullable(environment.getProperty(name));
    } catch (RuntimeException unresolvable) {
      return Optional.empty();
    }
  }

  @Override
  public StatefulFunctionsUniverse universe() {
    return universe(null);
  }

  @Override
  public StatefulFunctionsUniverse universe(ReleaseHooks releaseHooks) {
    Optional<StatefulFunctionsUniverse> local = LocalUniverseHandle.find(applicationId);
    if (local.isPresent()) {
      return local.get();
    }
    ConfigurableApplicationContext context;
    synchronized (CONTEXTS) {
      context = CONTEXTS.get(applicationId);
      if (context == null) {
        context = startApplication();
        CONTEXTS.put(applicationId, context);
      }
    }
    if (releaseHooks != null) {
      releaseHooks.registerIfAbsent("statefun application context " + applicationId, this::closeApplication);
    }
    return context.getBean(StatefulFunctionsUniverse.class);
  }

  private ConfigurableApplicationContext startApplication() {
    ClassLoader loader = SpringApplicationUniverseHandle.class.getClassLoader();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      // the TaskManager's logging stays as Flink configured it
      if (System.getProperty(LoggingSystem.SYSTEM_PROPERTY) == null) {
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
      }
      Class<?>[] classes = new Class<?>[sources.size()];
      for (int i = 0; i < classes.length; i++) {
        classes[i] = Class.forName(sources.get(i), false, loader);
      }
      StandardEnvironment environment = new StandardEnvironment();
      environment.getPropertySources().addFirst(new MapPropertySource("statefun-taskmanager", TASK_MANAGER_PROPERTIES));
      environment.getPropertySources().addAfter("statefun-taskmanager",
          new MapPropertySource("statefun-application", new LinkedHashMap<>(properties)));
      environment.getPropertySources().addAfter("statefun-application",
          new SystemEnvironmentPropertySource("statefun-application-environment", environmentVariables));
      List<String> active = new ArrayList<>(profiles);
      active.add(TASK_MANAGER_PROFILE);
      long started = System.nanoTime();
      ConfigurableApplicationContext context = new SpringApplicationBuilder(classes)
          .resourceLoader(new DefaultResourceLoader(loader))
          .environment(environment)
          .web(WebApplicationType.NONE)
          .bannerMode(Banner.Mode.OFF)
          .profiles(active.toArray(String[]::new))
          .run();
      LOG.info("Started the application context of {} on this TaskManager in {} ms", applicationId,
          (System.nanoTime() - started) / 1_000_000);
      return context;
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("The application class " + e.getMessage() + " of " + applicationId
          + " is not in the jars shipped with the job", e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private void closeApplication() {
    ConfigurableApplicationContext context;
    synchronized (CONTEXTS) {
      context = CONTEXTS.remove(applicationId);
    }
    if (context != null) {
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(SpringApplicationUniverseHandle.class.getClassLoader());
      try {
        context.close();
        LOG.info("Closed the application context of {} on this TaskManager", applicationId);
      } finally {
        thread.setContextClassLoader(previous);
      }
    }
  }

  public String applicationId() {
    return applicationId;
  }

  /** The configuration classes the application starts from. */
  public List<String> sources() {
    return sources;
  }

  /** The properties the application context on a TaskManager starts with. */
  public Map<String, String> properties() {
    return Map.copyOf(properties);
  }
}
