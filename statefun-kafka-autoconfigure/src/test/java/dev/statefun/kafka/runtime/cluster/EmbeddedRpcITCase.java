package dev.statefun.kafka.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.autoconfigure.FlinkClusterCustomizer;
import dev.statefun.kafka.greeter.GreeterApplication;
import dev.statefun.kafka.testing.TestApplications;
import dev.statefun.kafka.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded cluster's components talk over local RPC, with no actor system running; Flink's
 * Pekko RPC stays a choice, through a {@link FlinkClusterCustomizer}. Either way the job runs.
 */
class EmbeddedRpcITCase {

  static final TestBroker BROKER = TestBroker.start();
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir
  Path checkpoints;

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  @Test
  void theClusterTalksOverLocalRpcUnlessPekkoIsChosen() {
    BROKER.createTopic("rpc-local", 1);
    BROKER.createTopic("rpc-pekko", 1);
    BROKER.createTopic("greetings", 1);
    BROKER.send("rpc-local", "ann", "{\"name\":\"ann\"}");
    BROKER.send("rpc-pekko", "bob", "{\"name\":\"bob\"}");

    try (ConfigurableApplicationContext app = TestApplications.start(GreeterApplication.class, properties("local"))) {
      assertThat(BROKER.readCommittedValues("greetings", 1, TIMEOUT, Duration.ZERO)).hasSize(1);
      assertThat(threadNames()).anyMatch(name -> name.startsWith("flink-rpc-"))
          .noneMatch(name -> name.contains("pekko"));
    }

    ApplicationListener<ApplicationPreparedEvent> pekko = event -> event.getApplicationContext().getBeanFactory()
        .registerSingleton("pekkoRpc", (FlinkClusterCustomizer) configuration ->
            configuration.setString("statefun.embedded-cluster.rpc", "pekko"));
    try (ConfigurableApplicationContext app = TestApplications.start(GreeterApplication.class, properties("pekko"), pekko)) {
      assertThat(BROKER.readCommittedValues("greetings", 2, TIMEOUT, Duration.ZERO)).hasSize(2);
      assertThat(threadNames()).anyMatch(name -> name.startsWith("flink-pekko"));
    }
  }

  private Map<String, Object> properties(String application) {
    return Map.ofEntries(
        Map.entry("statefun.kafka.bootstrap-servers", BROKER.bootstrapServers()),
        Map.entry("statefun.kafka.ingresses[0].id", "example/users"),
        Map.entry("statefun.kafka.ingresses[0].topics", "rpc-" + application),
        Map.entry("statefun.kafka.ingresses[0].consumer-group-id", "rpc-" + application),
        Map.entry("statefun.kafka.ingresses[0].deserializer", "userDeserializer"),
        Map.entry("statefun.kafka.ingresses[0].targets", "example/greeter"),
        Map.entry("statefun.kafka.ingresses[0].startup-position.type", "earliest"),
        Map.entry("statefun.kafka.egresses[0].id", "example/greetings"),
        Map.entry("statefun.kafka.egresses[0].serializer", "greetingSerializer"),
        Map.entry("statefun.kafka.egresses[0].delivery-semantic.type", "exactly-once"),
        Map.entry("statefun.kafka.egresses[0].delivery-semantic.transaction-timeout", "1m"),
        Map.entry("statefun.flink.checkpoint-interval", "500ms"),
        Map.entry("statefun.flink.application-id", "rpc-" + application),
        Map.entry("statefun.flink.checkpoint-dir", checkpoints.resolve(application).toUri().toString()));
  }

  private static List<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
  }
}
