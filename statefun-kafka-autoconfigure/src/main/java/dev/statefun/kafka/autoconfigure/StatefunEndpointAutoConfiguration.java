package dev.statefun.kafka.autoconfigure;

import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The actuator endpoint {@code statefun}, when Spring Boot's actuator is present and the endpoint is exposed. */
@AutoConfiguration(after = StatefunKafkaAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(StatefunJobLifecycle.class)
@ConditionalOnAvailableEndpoint(StatefunEndpoint.class)
public final class StatefunEndpointAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  StatefunEndpoint statefunEndpoint(StatefunJobLifecycle job, StatefulFunctionsUniverse universe,
      StatefunFlinkProperties flink) {
    return new StatefunEndpoint(job, universe, flink);
  }
}
