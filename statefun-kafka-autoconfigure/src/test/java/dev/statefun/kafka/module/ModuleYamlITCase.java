package dev.statefun.kafka.module;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.io.KafkaProducerRecord;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import dev.statefun.kafka.sdk.TypedValue;
import dev.statefun.kafka.testing.TestBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ClassPathResource;

/**
 * The module YAML of StateFun's documentation, as written there (only the broker address
 * substituted), runs end to end: a routable ingress with two targets, a generic egress with
 * exactly-once, and the 3.1 component form beside it.
 */
class ModuleYamlITCase {

  static final TestBroker BROKER = TestBroker.start();
  static final EgressIdentifier<KafkaProducerRecord> STATEFUN_2_OUT =
      new EgressIdentifier<>("example", "output-messages", KafkaProducerRecord.class);
  static final EgressIdentifier<KafkaProducerRecord> STATEFUN_3_OUT =
      new EgressIdentifier<>("com.example", "users", KafkaProducerRecord.class);

  @TempDir
  Path dir;

  @AfterAll
  static void stopBroker() {
    BROKER.close();
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class ModuleApp {
    @Bean
    StatefulFunctionSpec myFunction1() {
      return echo(FunctionType.parse("example-namespace/my-function-1"), STATEFUN_2_OUT);
    }

    @Bean
    StatefulFunctionSpec myFunction2() {
      return echo(FunctionType.parse("example-namespace/my-function-2"), STATEFUN_2_OUT);
    }

    @Bean
    StatefulFunctionSpec greeter() {
      return echo(FunctionType.parse("com.example.fns/greeter"), STATEFUN_3_OUT);
    }

    /** Writes "<function type>/<id>:<type name>:<value>" of each TypedValue it receives to the topic "out". */
    static StatefulFunctionSpec echo(FunctionType type, EgressIdentifier<KafkaProducerRecord> egress) {
      return StatefulFunctionSpec.builder(type).withSupplier(() -> (context, input) -> {
        TypedValue value = (TypedValue) input;
        String text = context.self() + ":" + value.typeName() + ":" + new String(value.value(), StandardCharsets.UTF_8);
        context.send(egress, new KafkaProducerRecord("out", context.self().id(), text.getBytes(StandardCharsets.UTF_8)));
      }).build();
    }
  }

  @Test
  void documentedModulesMoveRecordsEndToEnd() throws IOException {
    BROKER.createTopic("messages-1", 2);
    BROKER.createTopic("out", 2);
    String modules = withBrokerAddress("module/statefun-2-routable-ingress.yaml") + ","
        + withBrokerAddress("module/statefun-2-generic-egress.yaml") + ","
        + withBrokerAddress("module/statefun-3.1-components.yaml");
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ModuleApp.class)
        .web(WebApplicationType.NONE)
        .properties(Map.of(
            "statefun.kafka.module", modules,
            "statefun.flink.application-id", "module-yaml-it",
            "statefun.flink.checkpoint-interval", "300ms",
            "statefun.flink.checkpoint-dir", dir.resolve("checkpoints").toUri().toString()))
        .run()) {
      List<Map.Entry<String, String>> users = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        users.add(Map.entry("user-" + i, "payload-" + i));
      }
      BROKER.send("messages-1", users);

      List<ConsumerRecord<byte[], byte[]>> out =
          BROKER.readCommitted("out", 60, Duration.ofSeconds(90), Duration.ofSeconds(2));

      List<String> texts = out.stream().map(r -> TestBroker.utf8(r.value())).toList();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        expected.add("example-namespace/my-function-1/user-" + i
            + ":org.apache.flink.statefun.docs.models.User:payload-" + i);
        expected.add("example-namespace/my-function-2/user-" + i
            + ":org.apache.flink.statefun.docs.models.User:payload-" + i);
        expected.add("com.example.fns/greeter/user-" + i + ":com.example/User:payload-" + i);
      }
      assertThat(texts).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  private String withBrokerAddress(String resource) throws IOException {
    String yaml = new ClassPathResource(resource).getContentAsString(StandardCharsets.UTF_8)
        .replace("kafka-broker:9092", BROKER.bootstrapServers());
    Path file = dir.resolve(Path.of(resource).getFileName());
    Files.writeString(file, yaml);
    return file.toUri().toString();
  }
}
