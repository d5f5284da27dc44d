package dev.statefun.kafka.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.autoconfigure.StatefunKafkaAutoConfiguration;
import dev.statefun.kafka.io.KafkaIngressDeserializer;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.Router;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every ingress configuration mistake stops startup with one message that names the property
 * path and says what is valid there.
 */
class IngressValidationTests {

  static final String IN = "statefun.kafka.ingresses[0]";

  private final ApplicationContextRunner anyIngress = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(StatefunKafkaAutoConfiguration.class))
      .withUserConfiguration(UserBeans.class)
      .withPropertyValues(
          "statefun.kafka.bootstrap-servers=localhost:9092",
          IN + ".id=test/in",
          IN + ".consumer-group-id=group");

  private final ApplicationContextRunner runner = anyIngress.withPropertyValues(
      IN + ".topics=users",
      IN + ".deserializer=userDeserializer",
      IN + ".targets=test/recorder");

  @Test
  void unknownStartupTypeFailsWithTheValidTypes() {
    runner.withPropertyValues(IN + ".startup-position.type=beginning").run(context -> assertFailure(context,
        IN + ".startup-position.type", "'beginning'", "[group-offsets, earliest, latest, specific-offsets, date]"));
  }

  @Test
  void anOffsetsKeyWithoutPartitionFailsShowingTheBracketForm() {
    runner.withPropertyValues(IN + ".startup-position.type=specific-offsets",
        IN + ".startup-position.offsets[users-0]=5").run(context -> assertFailure(context,
        IN + ".startup-position.offsets", "'users-0'", "{\"[users/0]\": 91}", IN + ".startup-position.offsets[users/0]=91"));
  }

  @Test
  void anOffsetsKeyThatLostItsSlashToRelaxedBindingFailsShowingTheBracketForm() {
    runner.withPropertyValues(IN + ".startup-position.type=specific-offsets",
        IN + ".startup-position.offsets.users/0=5").run(context -> assertFailure(context,
        IN + ".startup-position.offsets", "'users0'", "{\"[users/0]\": 91}"));
  }

  @Test
  void anOffsetsKeyWithAPartitionThatIsNoNumberFails() {
    runner.withPropertyValues(IN + ".startup-position.type=specific-offsets",
        IN + ".startup-position.offsets[users/first]=5").run(context -> assertFailure(context,
        IN + ".startup-position.offsets", "users/first", "topic/partition, e.g. users/0"));
  }

  @Test
  void aNegativeOffsetFails() {
    runner.withPropertyValues(IN + ".startup-position.type=specific-offsets",
        IN + ".startup-position.offsets[users/0]=-1").run(context -> assertFailure(context,
        IN + ".startup-position.offsets[users/0]", "'-1'", "0 or greater"));
  }

  @Test
  void specificOffsetsWithoutOffsetsFail() {
    runner.withPropertyValues(IN + ".startup-position.type=specific-offsets").run(context -> assertFailure(context,
        IN + ".startup-position.offsets", "needs offsets", "{\"[users/0]\": 91"));
  }

  @Test
  void anUnparseableDateFailsWithTheAcceptedFormats() {
    runner.withPropertyValues(IN + ".startup-position.type=date", IN + ".startup-position.date=yesterday")
        .run(context -> assertFailure(context,
            IN + ".startup-position.date", "'yesterday'", "2020-02-01 04:15:00.00 Z", "ISO-8601"));
  }

  @Test
  void aDateInTheFutureFails() {
    runner.withPropertyValues(IN + ".startup-position.type=date",
        IN + ".startup-position.date=" + ZonedDateTime.now().plusDays(1)).run(context -> assertFailure(context,
        IN + ".startup-position.date", "in the future", "use a past date"));
  }

  @Test
  void anEmptyTopicListFails() {
    runner.withPropertyValues(IN + ".topics=").run(context -> assertFailure(context,
        IN + ".topics", "at least one topic", "topics: [users]"));
  }

  @Test
  void aMissingConsumerGroupIdFails() {
    runner.withPropertyValues(IN + ".consumer-group-id=").run(context -> assertFailure(context,
        IN + ".consumer-group-id", "a consumer group id is required", "consumer-group-id: in"));
  }

  @Test
  void anUnknownDeserializerBeanFailsListingTheCandidates() {
    runner.withPropertyValues(IN + ".deserializer=nope").run(context -> assertFailure(context,
        IN + ".deserializer", "no KafkaIngressDeserializer bean named 'nope'", "[userDeserializer]"));
  }

  @Test
  void anUnknownRouterBeanFailsListingTheCandidates() {
    runner.withPropertyValues(IN + ".targets=", IN + ".router=nope").run(context -> assertFailure(context,
        IN + ".router", "no Router bean named 'nope'", "[userRouter]"));
  }

  @Test
  void anUnknownTargetFunctionTypeFailsListingTheBoundTypes() {
    runner.withPropertyValues(IN + ".targets=test/nobody").run(context -> assertFailure(context,
        IN + ".targets[0]", "unknown function type 'test/nobody'", "[test/recorder]"));
  }

  @Test
  void anUnknownTargetOfARoutableTopicFailsListingTheBoundTypes() {
    anyIngress.withPropertyValues(IN + ".topics[0].topic=users", IN + ".topics[0].value-type=User",
        IN + ".topics[0].targets=test/nobody").run(context -> assertFailure(context,
        IN + ".topics[0].targets[0]", "unknown function type 'test/nobody'", "[test/recorder]"));
  }

  @Test
  void aDeadLetterPolicyWithoutATopicFails() {
    runner.withPropertyValues(IN + ".on-deserialization-error=dead-letter").run(context -> assertFailure(context,
        IN + ".dead-letter-topic", "needs a dead-letter topic"));
  }

  @Test
  void anUnknownDeserializationErrorPolicyFailsWithTheValidPolicies() {
    runner.withPropertyValues(IN + ".on-deserialization-error=ignore").run(context -> assertFailure(context,
        IN + ".on-deserialization-error", "'ignore'", "[skip, fail, dead-letter]"));
  }

  @Test
  void anUnknownAutoResetPositionFailsWithTheValidPositions() {
    runner.withPropertyValues(IN + ".auto-offset-reset-position=none").run(context -> assertFailure(context,
        IN + ".auto-offset-reset-position", "'none'", "[latest, earliest]"));
  }

  private static void assertFailure(AssertableApplicationContext context, String... fragments) {
    assertThat(context).hasFailed();
    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(StatefunConfigurationException.class);
    for (String fragment : fragments) {
      assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(fragment);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserBeans {

    @Bean
    KafkaIngressDeserializer<String> userDeserializer() {
      return record -> "user";
    }

    @Bean
    Router<String> userRouter() {
      return (message, downstream) -> downstream.forward(new FunctionType("test", "recorder"), message, message);
    }

    @Bean
    StatefulFunctionSpec recorder() {
      return StatefulFunctionSpec.builder(new FunctionType("test", "recorder"))
          .withSupplier(() -> (context, input) -> { })
          .build();
    }
  }
}
