package dev.statefun.kafka.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.autoconfigure.SpringApplicationUniverseHandle;
import dev.statefun.kafka.autoconfigure.StatefunKafkaAutoConfiguration;
import dev.statefun.kafka.greeter.GreeterApplication;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import dev.statefun.kafka.runtime.universe.UniverseHandle;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

/** statefun.flink.mode=remote without a cluster: its settings, and the handle TaskManagers start the app with. */
class RemoteModeTests {

  static final String[] GREETER = {
      "statefun.kafka.bootstrap-servers=broker:9092",
      "statefun.kafka.ingresses[0].id=example/users",
      "statefun.kafka.ingresses[0].consumer-group-id=greeter",
      "statefun.kafka.ingresses[0].topics=users",
      "statefun.kafka.ingresses[0].deserializer=userDeserializer",
      "statefun.kafka.ingresses[0].targets=example/greeter",
      "statefun.kafka.egresses[0].id=example/greetings",
      "statefun.kafka.egresses[0].serializer=greetingSerializer",
      "statefun.flink.mode=remote",
  };

  @Test
  void remoteModeWithAnInvalidPortFailsStartupNamingTheProperty() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(StatefunKafkaAutoConfiguration.class))
        .withUserConfiguration(GreeterApplication.class)
        .withPropertyValues(GREETER)
        .withPropertyValues("statefun.flink.remote.port=0")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasMessageContaining("statefun.flink.remote.port").hasMessageContaining("invalid port 0"));
  }

  @Test
  void handleStartsTheApplicationWhereItIsNotRunningAndClosesItWithTheReleaseHook() throws Exception {
    String loggingSystem = System.getProperty(LoggingSystem.SYSTEM_PROPERTY);
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(GreeterApplication.class)
        .web(WebApplicationType.NONE)
        .properties(GREETER)
        .properties("statefun.flink.auto-startup=false", "statefun.flink.application-id=greeter-handle")
        .run()) {
      SpringApplicationUniverseHandle handle = SpringApplicationUniverseHandle.of("greeter-handle", app, app.getEnvironment());
      assertThat(handle.sources()).containsExactly(GreeterApplication.class.getName());
      assertThat(handle.properties()).doesNotContainKey("spring.application.pid")
          .containsEntry("statefun.kafka.ingresses[0].id", "example/users")
          .containsEntry("statefun.flink.mode", "remote");

      // as on a TaskManager: the job carries the handle serialized; the app does not run there
      UniverseHandle shipped = roundTrip(handle);
      Map<String, Runnable> releaseHooks = new LinkedHashMap<>();
      StatefulFunctionsUniverse universe = shipped.universe(releaseHooks::putIfAbsent);
      StatefulFunctionsUniverse again = shipped.universe(releaseHooks::putIfAbsent);

      assertThat(universe).isNotSameAs(app.getBean(StatefulFunctionsUniverse.class)).isSameAs(again);
      assertThat(universe.function(GreeterApplication.GREETER)).isPresent();
      assertThat(universe.egress(GreeterApplication.GREETINGS)).hasValueSatisfying(spec ->
          assertThat(spec.serializer()).isPresent());
      assertThat(releaseHooks).hasSize(1);

      releaseHooks.values().forEach(Runnable::run);
      assertThat(shipped.universe()).as("a new context after the release").isNotSameAs(universe);
      releaseHooks.clear();
      shipped.universe(releaseHooks::putIfAbsent);
      releaseHooks.values().forEach(Runnable::run);
    } finally {
      if (loggingSystem == null) {
        System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
      }
    }
  }

  private static UniverseHandle roundTrip(UniverseHandle handle) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(handle);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (UniverseHandle) in.readObject();
    }
  }
}
