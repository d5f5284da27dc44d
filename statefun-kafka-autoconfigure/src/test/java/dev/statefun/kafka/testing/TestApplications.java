package dev.statefun.kafka.testing;

import dev.statefun.kafka.autoconfigure.StatefunJobLifecycle;
import dev.statefun.kafka.runtime.cluster.MiniClusterRunner;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/** Test applications started in this JVM from a property list, and the StateFun job each runs. */
public final class TestApplications {

  private TestApplications() {}

  /** Runs the application without a web server, with these properties and listeners. */
  public static ConfigurableApplicationContext start(Class<?> application, Map<String, ?> properties,
      ApplicationListener<?>... listeners) {
    return new SpringApplicationBuilder(application)
        .web(WebApplicationType.NONE)
        .listeners(listeners)
        .properties(new LinkedHashMap<String, Object>(properties))
        .run();
  }

  public static StatefunJobLifecycle job(ConfigurableApplicationContext context) {
    return context.getBean(StatefunJobLifecycle.class);
  }

  /** The MiniCluster runner of the application's running job. */
  public static MiniClusterRunner runner(ConfigurableApplicationContext context) {
    return job(context).runner().orElseThrow();
  }
}
