package dev.statefun.kafka.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** The health of the stateful functions job ({@code statefunJob}), when Spring Boot's health support is present. */
@AutoConfiguration(after = StatefunKafkaAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(StatefunJobLifecycle.class)
@ConditionalOnEnabledHealthIndicator("statefunJob")
public final class StatefunHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  StatefunJobHealthIndicator statefunJobHealthIndicator(StatefunJobLifecycle job,
      ObjectProvider<KafkaBrokerStatus> brokers) {
    return new StatefunJobHealthIndicator(job, brokers.getIfAvailable());
  }
}
