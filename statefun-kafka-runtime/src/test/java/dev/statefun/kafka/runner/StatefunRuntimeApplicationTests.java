package dev.statefun.kafka.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefun.kafka.io.DeliverySemantic;
import dev.statefun.kafka.runtime.RuntimeSettings;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The runtime jar's application, started in this JVM with a StateFun 3.x module against a real broker. */
class StatefunRuntimeApplicationTests {

  private static EmbeddedKafkaKraftBroker broker;

  @TempDir
  Path directory;

  @BeforeAll
  static void startBroker() {
    broker = new EmbeddedKafkaKraftBroker(1, 1, "names", "greetings");
    broker.brokerProperties(Map.of(
        "transaction.state.log.replication.factor", "1",
        "transaction.state.log.min.isr", "1",
        "offsets.topic.replication.factor", "1"));
    broker.afterPropertiesSet();
  }

  @AfterAll
  static void stopBroker() {
    broker.destroy();
  }

  @Test
  void bindsTheEndpointsIngressAndEgressOfAStatefun3ModuleAsWritten() throws IOException {
    Path module = directory.resolve("module.yaml");
    Files.writeString(module, endpoint("io.statefun.transports.v1/async") + """
            call: 2m
            connect: 20s
        ---
        kind: io.statefun.kafka.v1/ingress
        spec:
          id: greeter.io/user-logins
          address: %1$s
          consumerGroupId: greeter
          startupPosition:
            type: earliest
          topics:
            - topic: names
              valueType: greeter.types/UserLogin
              targets:
                - greeter.fns/user
        ---
        kind: io.statefun.kafka.v1/egress
        spec:
          id: greeter.io/user-greetings
          address: %1$s
          deliverySemantic:
            type: exactly-once
            transactionTimeout: 15min
        """.formatted(broker.getBrokersAsString()));

    Path relative = Path.of("").toAbsolutePath().relativize(module);
    try (ConfigurableApplicationContext context = StatefunRuntimeApplication.application().run(
        "--statefun.kafka.module=file:" + relative,
        "--statefun.flink.auto-startup=false",
        "--statefun.flink.checkpoint-dir=" + directory.resolve("checkpoints").toUri())) {
      StatefulFunctionsUniverse universe = context.getBean(StatefulFunctionsUniverse.class);
      FunctionType user = FunctionType.parse("greeter.fns/user");
      assertThat(universe.endpoint(user)).get().satisfies(endpoint -> {
        assertThat(endpoint.urlOf(user)).isEqualTo(URI.create("http://functions:8000/statefun/user"));
        assertThat(endpoint.callTimeout()).isEqualTo(Duration.ofMinutes(2));
      });
      assertThat(universe.ingress("greeter.io/user-logins")).get()
          .satisfies(ingress -> assertThat(ingress.kafkaAddress()).contains(broker.getBrokersAsString()));
      assertThat(universe.egress(EgressIdentifier.parse("greeter.io/user-greetings", Object.class))).get()
          .satisfies(egress -> assertThat(egress.deliverySemantic()).isEqualTo(DeliverySemantic.EXACTLY_ONCE));
      assertThat(context.getEnvironment().getProperty("statefun.kafka.module"))
          .as("TaskManagers read the module again, from wherever they run")
          .isEqualTo("file:" + module.toAbsolutePath().normalize());
      RuntimeSettings settings = context.getBean(RuntimeSettings.class);
      assertThat(settings.applicationId()).isEqualTo("statefun");
      assertThat(settings.defaultKafkaAddress()).as("the feedback topic goes to the module's Kafka")
          .isEqualTo(broker.getBrokersAsString());
      assertThat(settings.maxConcurrentRemoteRequests())
          .isEqualTo(RuntimeSettings.DEFAULT_MAX_CONCURRENT_REMOTE_REQUESTS);
    }
  }

  @Test
  void withoutAModuleItRefusesToStartAndSaysHow() {
    assertThatThrownBy(() -> StatefunRuntimeApplication.application().run("--statefun.flink.auto-startup=false"))
        .isInstanceOf(StatefunConfigurationException.class)
        .hasMessageStartingWith("statefun.kafka.module: no module given")
        .hasMessageContaining("--statefun.kafka.module=file:module.yaml");
  }

  @Test
  void aMistakeInTheModuleNamesTheFileAndYamlPath() throws IOException {
    Path module = directory.resolve("module.yaml");
    Files.writeString(module, endpoint("io.statefun.transports.v1/grpc"));

    assertThatThrownBy(() -> StatefunRuntimeApplication.application().run(
        "--statefun.kafka.module=file:" + module, "--statefun.flink.auto-startup=false"))
        .rootCause()
        .hasMessageContaining("spec.transport.type: invalid value 'io.statefun.transports.v1/grpc'")
        .hasMessageContaining("[io.statefun.transports.v1/async, io.statefun.transports.v1/okhttp]");
  }

  /** A StateFun 3.x endpoint document for greeter.fns/* with this transport type; more transport keys may follow. */
  private static String endpoint(String transportType) {
    return """
        kind: io.statefun.endpoints.v2/http
        spec:
          functions: greeter.fns/*
          urlPathTemplate: http://functions:8000/statefun/{function.name}
          transport:
            type: %s
        """.formatted(transportType);
  }
}
