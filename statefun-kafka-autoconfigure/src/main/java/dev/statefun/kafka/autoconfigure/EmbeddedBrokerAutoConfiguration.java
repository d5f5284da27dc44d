package dev.statefun.kafka.autoconfigure;

import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Starts a real single-node KRaft Kafka broker in this JVM when
 * {@code statefun.kafka.embedded-broker.enabled=true}, for development: a fresh machine runs the
 * application with no Kafka installed. Its address becomes the default of every ingress and
 * egress and, with Spring Kafka present, Spring Boot's {@link KafkaConnectionDetails}.
 */
@AutoConfiguration(
    before = StatefunKafkaAutoConfiguration.class,
    beforeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(EmbeddedKafkaKraftBroker.class)
@ConditionalOnProperty(prefix = "statefun.kafka.embedded-broker", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(StatefunKafkaProperties.class)
public final class EmbeddedBrokerAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(EmbeddedKafkaBroker.class)
  EmbeddedKafkaKraftBroker statefunEmbeddedKafkaBroker(StatefunKafkaProperties properties) {
    StatefunKafkaProperties.EmbeddedBroker settings = properties.getEmbeddedBroker();
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, settings.getPartitions());
    broker.brokerProperties(Map.of(
        "transaction.state.log.replication.factor", "1",
        "transaction.state.log.min.isr", "1",
        "offsets.topic.replication.factor", "1",
        "auto.create.topics.enable", "true",
        "num.partitions", Integer.toString(settings.getPartitions())));
    if (settings.getPort() > 0) {
      broker.kafkaPorts(settings.getPort());
    }
    return broker;
  }

  @Bean
  @Order(0)
  KafkaBootstrapServers statefunEmbeddedBrokerAddress(EmbeddedKafkaBroker broker) {
    return broker::getBrokersAsString;
  }

  /** Points Spring Kafka (KafkaTemplate, listeners) at the embedded broker too. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(KafkaConnectionDetails.class)
  static final class SpringKafkaConnection {

    @Bean
    @ConditionalOnMissingBean(KafkaConnectionDetails.class)
    KafkaConnectionDetails statefunEmbeddedBrokerConnectionDetails(EmbeddedKafkaBroker broker) {
      return () -> java.util.List.of(broker.getBrokersAsString().split(","));
    }
  }
}
