package dev.statefun.kafka.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The job's meters ({@code statefun.*}) in the application's {@link MeterRegistry}, when there
 * is one: a Flink metric reporter in the embedded MiniCluster bridges Flink's metrics to it.
 */
@AutoConfiguration(after = StatefunKafkaAutoConfiguration.class, afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class StatefunMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  StatefunMeterBinder statefunMeterBinder(MeterRegistry registry) {
    return new StatefunMeterBinder(registry);
  }
}
