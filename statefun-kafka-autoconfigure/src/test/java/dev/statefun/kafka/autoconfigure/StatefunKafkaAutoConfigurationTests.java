package dev.statefun.kafka.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.io.DeliverySemantic;
import dev.statefun.kafka.io.KafkaEgressSerializer;
import dev.statefun.kafka.io.KafkaEgressSpec;
import dev.statefun.kafka.io.KafkaIngressAutoResetPosition;
import dev.statefun.kafka.io.KafkaIngressDeserializer;
import dev.statefun.kafka.io.KafkaIngressSpec;
import dev.statefun.kafka.runtime.RuntimeSettings;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binding of {@code statefun.kafka.*} and {@code statefun.flink.*}, and the startup errors of bad input. */
class StatefunKafkaAutoConfigurationTests {

  static final String[] GREETER = {
      "statefun.flink.auto-startup=false",
      "statefun.kafka.bootstrap-servers=broker:9092",
      "statefun.kafka.ingresses[0].id=example/users",
      "statefun.kafka.ingresses[0].consumer-group-id=greeter",
      "statefun.kafka.ingresses[0].topics=users",
      "statefun.kafka.ingresses[0].deserializer=userDeserializer",
      "statefun.kafka.ingresses[0].targets=example/greeter",
      "statefun.kafka.egresses[0].id=example/greetings",
      "statefun.kafka.egresses[0].serializer=greetingSerializer",
  };

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(StatefunKafkaAutoConfiguration.class))
      .withUserConfiguration(GreeterBeans.class);

  @Configuration(proxyBeanMethods = false)
  static class GreeterBeans {
    @Bean
    KafkaIngressDeserializer<String> userDeserializer() {
      return record -> new String(record.value());
    }

    @Bean
    KafkaEgressSerializer<String> greetingSerializer() {
      return text -> new ProducerRecord<>("greetings", text.getBytes());
    }

    @Bean
    StatefulFunctionSpec greeter() {
      return StatefulFunctionSpec.builder(new FunctionType("example", "greeter"))
          .withSupplier(() -> (context, input) -> { })
          .build();
    }
  }

  @Test
  void ingressAndEgressBindIntoSpecs() {
    runner.withPropertyValues(GREETER)
        .withPropertyValues("statefun.kafka.ingresses[0].startup-position.type=earliest",
            "statefun.kafka.ingresses[0].auto-offset-reset-position=earliest",
            "statefun.kafka.ingresses[0].properties.max.poll.records=500",
            "statefun.kafka.egresses[0].delivery-semantic.type=exactly-once",
            "statefun.kafka.egresses[0].delivery-semantic.transaction-timeout=1m")
        .run(context -> {
          StatefulFunctionsUniverse universe = context.getBean(StatefulFunctionsUniverse.class);
          KafkaIngressSpec<?> ingress = universe.ingress("example/users").orElseThrow();
          assertThat(ingress.consumerGroupId()).isEqualTo("greeter");
          assertThat(ingress.topicNames()).containsExactly("users");
          assertThat(ingress.deserializer()).get().isSameAs(context.getBean("userDeserializer"));
          assertThat(ingress.targets()).containsExactly(new FunctionType("example", "greeter"));
          assertThat(ingress.startupPosition().isEarliest()).isTrue();
          assertThat(ingress.autoResetPosition()).isEqualTo(KafkaIngressAutoResetPosition.EARLIEST);
          assertThat(ingress.properties()).containsEntry("max.poll.records", "500");
          KafkaEgressSpec<?> egress = universe.egress(EgressIdentifier.parse("example/greetings", Object.class))
              .orElseThrow();
          assertThat(egress.deliverySemantic()).isEqualTo(DeliverySemantic.EXACTLY_ONCE);
          assertThat(egress.transactionTimeout()).isEqualTo(Duration.ofMinutes(1));
          assertThat(egress.serializer()).get().isSameAs(context.getBean("greetingSerializer"));
        });
  }

  @Test
  void startupPositionDefaultsToGroupOffsetsAndDeliveryToAtLeastOnce() {
    runner.withPropertyValues(GREETER).run(context -> {
      StatefulFunctionsUniverse universe = context.getBean(StatefulFunctionsUniverse.class);
      assertThat(universe.ingress("example/users").orElseThrow().startupPosition().isGroupOffsets()).isTrue();
      assertThat(universe.egresses()).singleElement()
          .satisfies(egress -> assertThat(egress.deliverySemantic()).isEqualTo(DeliverySemantic.AT_LEAST_ONCE));
    });
  }

  @Test
  void transactionTimeoutAcceptsTheDocumentedForms() {
    Map<String, Duration> forms = Map.of(
        "delivery-semantic.transaction-timeout=15m", Duration.ofMinutes(15),
        "delivery-semantic.transaction-timeout=PT15M", Duration.ofMinutes(15),
        "delivery-semantic.transaction-timeout=15min", Duration.ofMinutes(15),
        "delivery-semantic.transaction-timeout-millis=900000", Duration.ofMinutes(15),
        "delivery-semantic.transaction-timeout-millis=15min", Duration.ofMinutes(15));
    forms.forEach((setting, expected) -> runner.withPropertyValues(GREETER)
        .withPropertyValues("statefun.kafka.egresses[0].delivery-semantic.type=exactly-once",
            "statefun.kafka.egresses[0]." + setting)
        .run(context -> assertThat(context.getBean(StatefulFunctionsUniverse.class).egresses())
            .singleElement()
            .satisfies(egress -> assertThat(egress.transactionTimeout()).as(setting).isEqualTo(expected))));
  }

  @Test
  void specificOffsetsBindWithBracketedKeys() {
    runner.withPropertyValues(GREETER)
        .withPropertyValues("statefun.kafka.ingresses[0].startup-position.type=specific-offsets",
            "statefun.kafka.ingresses[0].startup-position.offsets[users/0]=91",
            "statefun.kafka.ingresses[0].startup-position.offsets[users/1]=11")
        .run(context -> assertThat(context.getBean(StatefulFunctionsUniverse.class).ingress("example/users")
                .orElseThrow().startupPosition().specificOffsets())
            .containsExactlyInAnyOrderEntriesOf(Map.of(new TopicPartition("users", 0), 91L,
                new TopicPartition("users", 1), 11L)));
  }

  @Test
  void startupDateAcceptsTheDocumentationsOwnExample() {
    runner.withPropertyValues(GREETER)
        .withPropertyValues("statefun.kafka.ingresses[0].startup-position.type=date",
            "statefun.kafka.ingresses[0].startup-position.date=2020-02-01 04:15:00.00 Z")
        .run(context -> assertThat(context.getBean(StatefulFunctionsUniverse.class).ingress("example/users")
                .orElseThrow().startupPosition().date().toInstant())
            .isEqualTo(ZonedDateTime.parse("2020-02-01T04:15:00Z").toInstant()));
  }

  @Test
  void routableTopicsBindFromObjects() {
    runner.withPropertyValues("statefun.flink.auto-startup=false", "statefun.kafka.bootstrap-servers=broker:9092",
            "statefun.kafka.ingresses[0].id=example/routable",
            "statefun.kafka.ingresses[0].consumer-group-id=routable",
            "statefun.kafka.ingresses[0].topics[0].topic=messages-1",
            "statefun.kafka.ingresses[0].topics[0].value-type=com.example.User",
            "statefun.kafka.ingresses[0].topics[0].targets=example/greeter")
        .run(context -> assertThat(context.getBean(StatefulFunctionsUniverse.class).ingress("example/routable")
                .orElseThrow().topics())
            .singleElement()
            .satisfies(topic -> {
              assertThat(topic.isRoutable()).isTrue();
              assertThat(topic.valueType()).isEqualTo("com.example.User");
              assertThat(topic.targets()).containsExactly(new FunctionType("example", "greeter"));
            }));
  }

  @Test
  void bootstrapServersFallBackToSpringKafka() {
    runner.withPropertyValues(GREETER)
        .withPropertyValues("statefun.kafka.bootstrap-servers=", "spring.kafka.bootstrap-servers=spring-broker:9092")
        .run(context -> assertThat(context.getBean(RuntimeSettings.class).defaultKafkaAddress())
            .isEqualTo("spring-broker:9092"));
  }

  @Test
  void applicationIdDefaultsToTheApplicationName() {
    runner.withPropertyValues(GREETER).withPropertyValues("spring.application.name=greeter-app")
        .run(context -> assertThat(context.getBean(RuntimeSettings.class).applicationId()).isEqualTo("greeter-app"));
  }

  @Test
  void unknownDeserializerBeanFailsWithPropertyPathAndTheBeansThatExist() {
    runner.withPropertyValues(GREETER)
        .withPropertyValues("statefun.kafka.ingresses[0].deserializer=usrDeserializer")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .rootCause()
            .hasMessageContaining("statefun.kafka.ingresses[0].deserializer")
            .hasMessageContaining("no KafkaIngressDeserializer bean named 'usrDeserializer'")
            .hasMessageContaining("[userDeserializer]"));
  }

  @Test
  void unknownSerializerBeanFailsWithPropertyPathAndTheBeansThatExist() {
    runner.withPropertyValues(GREETER)
        .withPropertyValues("statefun.kafka.egresses[0].serializer=nope")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("statefun.kafka.egresses[0].serializer")
            .hasMessageContaining("[greetingSerializer]"));
  }

  @Test
  void unknownTargetFunctionTypeFailsNamingTheBoundTypes() {
    runner.withPropertyValues(GREETER)
        .withPropertyValues("statefun.kafka.ingresses[0].targets=example/greeterr")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("statefun.kafka.ingresses[0]")
            .hasMessageContaining("unknown function type 'example/greeterr'")
            .hasMessageContaining("[example/greeter]"));
  }

  @Test
  void missingTopicListFailsWithPropertyPath() {
    runner.withPropertyValues(GREETER)
        .withPropertyValues("statefun.kafka.ingresses[0].topics=")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("statefun.kafka.ingresses[0].topics")
            .hasMessageContaining("at least one topic"));
  }

  @Test
  void unknownStartupPositionTypeListsTheValidTypes() {
    runner.withPropertyValues(GREETER)
        .withPropertyValues("statefun.kafka.ingresses[0].startup-position.type=beginning")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("statefun.kafka.ingresses[0].startup-position.type")
            .hasMessageContaining("[group-offsets, earliest, latest, specific-offsets, date]"));
  }

  @Test
  void unknownDeliverySemanticListsTheValidTypes() {
    runner.withPropertyValues(GREETER)
        .withPropertyValues("statefun.kafka.egresses[0].delivery-semantic.type=twice")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("statefun.kafka.egresses[0].delivery-semantic.type")
            .hasMessageContaining("[none, at-least-once, exactly-once]"));
  }

  @Test
  void transactionTimeoutNotLongerThanTheCheckpointIntervalFailsStartup() {
    runner.withPropertyValues(GREETER)
        .withPropertyValues("statefun.kafka.egresses[0].delivery-semantic.type=exactly-once",
            "statefun.kafka.egresses[0].delivery-semantic.transaction-timeout=1s",
            "statefun.flink.checkpoint-interval=1s")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("statefun.kafka.egresses[0].delivery-semantic.transaction-timeout")
            .hasMessageContaining("checkpoint-interval"));
  }

  @Test
  void anOffsetsKeyThatLostItsSlashShowsTheBracketForm() {
    runner.withPropertyValues(GREETER)
        .withPropertyValues("statefun.kafka.ingresses[0].startup-position.type=specific-offsets",
            "statefun.kafka.ingresses[0].startup-position.offsets.users0=91")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("statefun.kafka.ingresses[0].startup-position.offsets")
            .hasMessageContaining("[users/0]"));
  }

  @Test
  void aFailureAnalysisNamesThePropertyAndTheFix() {
    runner.withPropertyValues(GREETER)
        .withPropertyValues("statefun.kafka.ingresses[0].deserializer=usrDeserializer")
        .run(context -> {
          var analysis = new StatefunConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
          assertThat(analysis.getDescription()).isEqualTo("Invalid stateful functions configuration at "
              + "'statefun.kafka.ingresses[0].deserializer': no KafkaIngressDeserializer bean named 'usrDeserializer'");
          assertThat(analysis.getAction()).isEqualTo("Beans of that type are [userDeserializer]");
        });
  }
}
