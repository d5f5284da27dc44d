package dev.statefun.kafka.egress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.autoconfigure.StatefunKafkaAutoConfiguration;
import dev.statefun.kafka.io.KafkaEgressBuilder;
import dev.statefun.kafka.io.KafkaEgressSerializer;
import dev.statefun.kafka.runtime.egress.BrokerTransactionLimit;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.EgressSpec;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import dev.statefun.kafka.testing.TestBroker;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Transaction timeouts an exactly-once egress cannot live with fail startup, naming where the
 * timeout is set: above the broker's transaction.max.timeout.ms (15 minutes on this broker), or
 * not comfortably longer than the checkpoint interval.
 */
class TransactionTimeoutChecksTests {

  static final TestBroker BROKER = TestBroker.start();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(StatefunKafkaAutoConfiguration.class))
      .withPropertyValues(
          "statefun.kafka.bootstrap-servers=" + BROKER.bootstrapServers(),
          "statefun.kafka.egresses[0].id=test/out",
          "statefun.kafka.egresses[0].topic=out",
          "statefun.kafka.egresses[0].delivery-semantic.type=exactly-once");

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  @Test
  void timeoutAboveTheBrokerMaximumFailsWithThePropertyPath() {
    runner.withPropertyValues("statefun.kafka.egresses[0].delivery-semantic.transaction-timeout=16min")
        .run(context -> assertThat(context).getFailure().rootCause()
            .isInstanceOf(StatefunConfigurationException.class)
            .hasMessageStartingWith("statefun.kafka.egresses[0].delivery-semantic.transaction-timeout: ")
            .hasMessageContaining("16m (960000 ms)")
            .hasMessageContaining("transaction.max.timeout.ms of the Kafka brokers at " + BROKER.bootstrapServers()
                + " (15m (900000 ms))")
            .hasMessageContaining("Lower the timeout to at most 15m"));
  }

  @Test
  void timeoutMillisAboveTheBrokerMaximumNamesTheMillisProperty() {
    runner.withPropertyValues("statefun.kafka.egresses[0].delivery-semantic.transaction-timeout-millis=900001")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageStartingWith("statefun.kafka.egresses[0].delivery-semantic.transaction-timeout-millis: ")
            .hasMessageContaining("transaction.max.timeout.ms"));
  }

  @Test
  void builderTimeoutAboveTheBrokerMaximumNamesTheBuilderAndBean() {
    runner.withPropertyValues("statefun.kafka.egresses[0].delivery-semantic.type=at-least-once")
        .withUserConfiguration(BuiltEgress.class)
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageStartingWith("KafkaEgressBuilder.forIdentifier(test/built).withExactlyOnceProducerSemantics "
                + "in bean 'builtEgress': ")
            .hasMessageContaining("transaction.max.timeout.ms"));
  }

  @Test
  void timeoutNotComfortablyLongerThanTheCheckpointIntervalFailsWithThePropertyPath() {
    runner.withPropertyValues(
            "statefun.kafka.egresses[0].delivery-semantic.transaction-timeout=90s",
            "statefun.flink.checkpoint-interval=1m")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageStartingWith("statefun.kafka.egresses[0].delivery-semantic.transaction-timeout: ")
            .hasMessageContaining("not comfortably longer than statefun.flink.checkpoint-interval (1m (60000 ms))"));
  }

  @Test
  void keyPropertyOfAnEgressWithASerializerFailsWithThePropertyPath() {
    runner.withPropertyValues(
            "statefun.kafka.egresses[0].delivery-semantic.type=at-least-once",
            "statefun.kafka.egresses[0].serializer=outSerializer",
            "statefun.kafka.egresses[0].key-property=name")
        .withUserConfiguration(Serializer.class)
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageStartingWith("statefun.kafka.egresses[0].key-property: ")
            .hasMessageContaining("only to a generic egress"));
  }

  @Test
  void anUnreachableBrokerIsNotAskedAndStartupGoesOn() {
    assertThat(BrokerTransactionLimit.maxTransactionTimeout("localhost:1", new Properties(), Duration.ofSeconds(2)))
        .isEmpty();
    assertThat(BrokerTransactionLimit.maxTransactionTimeout(BROKER.bootstrapServers(), new Properties(),
        Duration.ofSeconds(30))).contains(Duration.ofMinutes(15));
  }

  @Configuration(proxyBeanMethods = false)
  static class BuiltEgress {
    @Bean
    EgressSpec<String> builtEgress() {
      return KafkaEgressBuilder.forIdentifier(new EgressIdentifier<>("test", "built", String.class))
          .withDefaultTopic("built")
          .withExactlyOnceProducerSemantics(Duration.ofMinutes(20))
          .build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Serializer {
    @Bean
    KafkaEgressSerializer<String> outSerializer() {
      return value -> new ProducerRecord<>("out", value.getBytes());
    }
  }
}
