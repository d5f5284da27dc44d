package dev.statefun.kafka.autoconfigure;

import dev.statefun.kafka.runtime.KafkaBrokerCheck;
import dev.statefun.kafka.runtime.KafkaClientSettings;
import dev.statefun.kafka.runtime.RuntimeSettings;
import dev.statefun.kafka.runtime.cluster.SnapshotDirectory;
import dev.statefun.kafka.runtime.cluster.StateBackends;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Runs the application's stateful functions as a Flink job with Kafka ingresses and egresses:
 * binds {@code statefun.kafka.*}, {@code statefun.endpoints[*]} (remote functions) and the
 * function, module, endpoint and spec beans into one universe,
 * and runs it on an embedded Flink MiniCluster (or, with {@code statefun.flink.mode=remote}, on a
 * Flink session cluster) while the context runs.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(StreamExecutionEnvironment.class)
@EnableConfigurationProperties({StatefunKafkaProperties.class, StatefunFlinkProperties.class,
    StatefunEndpointsProperties.class})
public final class StatefunKafkaAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  StatefulFunctionsUniverse statefulFunctionsUniverse(StatefunKafkaProperties kafka, StatefunFlinkProperties flink,
      StatefunEndpointsProperties endpoints, ListableBeanFactory beans, ResourceLoader resources,
      Environment environment, ObjectProvider<KafkaClientDefaults> clientDefaults) {
    Map<String, String> global = Binder.get(environment)
        .bind("statefun", Bindable.mapOf(String.class, String.class))
        .orElse(Map.of());
    StatefulFunctionsUniverse universe =
        new StatefunUniverseFactory(kafka, flink, endpoints, beans, resources, global).create();
    Map<String, String> clients = new LinkedHashMap<>();
    clientDefaults.orderedStream().forEach(defaults -> clients.putAll(defaults.get()));
    clients.putAll(kafka.getProperties());
    universe.useKafkaClientSettings(KafkaClientSettings.of(clients));
    return universe;
  }

  @Bean
  @ConditionalOnMissingBean
  RuntimeSettings statefunRuntimeSettings(StatefunKafkaProperties kafka, StatefunFlinkProperties flink,
      Environment environment, ObjectProvider<KafkaBootstrapServers> addresses) {
    if (flink.getParallelism() < 1 || flink.getParallelism() > flink.getMaxParallelism()) {
      throw new StatefunConfigurationException("statefun.flink.parallelism",
          "invalid parallelism " + flink.getParallelism(),
          "Use a value from 1 to statefun.flink.max-parallelism (" + flink.getMaxParallelism() + ")");
    }
    if (flink.getMaxConcurrentRemoteRequests() < 1) {
      throw new StatefunConfigurationException("statefun.flink.max-concurrent-remote-requests",
          "invalid bound " + flink.getMaxConcurrentRemoteRequests() + " on requests in flight",
          "Use 1 or more, e.g. " + RuntimeSettings.DEFAULT_MAX_CONCURRENT_REMOTE_REQUESTS);
    }
    if (flink.getCheckpointInterval().toMillis() < 10) {
      throw new StatefunConfigurationException("statefun.flink.checkpoint-interval",
          "invalid checkpoint interval " + flink.getCheckpointInterval(), "Use 10ms or more, e.g. 1s");
    }
    String applicationId = Optional.ofNullable(flink.getApplicationId())
        .or(() -> Optional.ofNullable(environment.getProperty("spring.application.name")))
        .orElse("statefun");
    String address = nonBlank(kafka.getBootstrapServers())
        .or(() -> addresses.orderedStream().map(KafkaBootstrapServers::get).flatMap(a -> nonBlank(a).stream()).findFirst())
        .or(() -> nonBlank(environment.getProperty("spring.kafka.bootstrap-servers")))
        .orElse(null);
    try {
      new SnapshotDirectory(flink.getCheckpointDir());
    } catch (IllegalArgumentException e) {
      throw new StatefunConfigurationException("statefun.flink.checkpoint-dir", e.getMessage(),
          "Use a local directory such as file:./.statefun/checkpoints");
    }
    StateBackends.requireAvailable(flink.getStateBackend().name().toLowerCase(), getClass().getClassLoader());
    return new RuntimeSettings(applicationId, address, flink.getParallelism(), flink.getMaxParallelism(),
        flink.getCheckpointInterval(), flink.getCheckpointDir(), flink.getRestore(), flink.isAllowNonRestoredState(),
        flink.getShutdownTimeout(), flink.getStateBackend().name().toLowerCase(),
        flink.getWebUi().isEnabled() ? flink.getWebUi().getPort() : -1, flink.getRestartStrategy().getAttempts(),
        flink.getRestartStrategy().getDelay(), flink.getMaxConcurrentRemoteRequests());
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  /** The web UI and REST endpoint of the embedded cluster listen on statefun.flink.web-ui.address (loopback by default). */
  @Bean
  @Order(0)
  FlinkClusterCustomizer statefunWebUiAddress(StatefunFlinkProperties flink) {
    return conf -> {
      String address = flink.getWebUi().getAddress();
      if (address != null && !address.isBlank()) {
        conf.set(RestOptions.BIND_ADDRESS, address);
        conf.set(RestOptions.ADDRESS, "0.0.0.0".equals(address) ? "localhost" : address);
      }
    };
  }

  @Bean
  @ConditionalOnMissingBean
  KafkaBrokerStatus statefunKafkaBrokerStatus(StatefulFunctionsUniverse universe, RuntimeSettings settings) {
    return new KafkaBrokerStatus(universe, settings, LoggingSystem.get(getClass().getClassLoader()));
  }

  @Bean
  @ConditionalOnMissingBean
  StatefunJobLifecycle statefunJobLifecycle(StatefulFunctionsUniverse universe, RuntimeSettings settings,
      StatefunFlinkProperties flink, StatefunKafkaProperties kafka, ListableBeanFactory beans,
      ConfigurableEnvironment environment, ObjectProvider<FlinkClusterCustomizer> clusterCustomizers,
      KafkaBrokerStatus brokers) {
    JobDeployment deployment = flink.getMode() == StatefunFlinkProperties.Mode.REMOTE
        ? new RemoteJobDeployment(flink.getRemote(), beans, environment)
        : JobDeployment.miniCluster(conf -> clusterCustomizers.orderedStream().forEach(c -> c.customize(conf)));
    return new StatefunJobLifecycle(universe, settings, flink.isAutoStartup(), deployment,
        () -> brokers.checkWhileStarting().thenAccept(results -> {
          Set<String> answering = results.stream()
              .filter(result -> result.answer() == KafkaBrokerCheck.Answer.ANSWERS)
              .map(result -> result.connection().address())
              .collect(Collectors.toSet());
          new TransactionTimeoutCheck(kafka).againstBrokers(universe, settings.defaultKafkaAddress(), answering::contains);
        }));
  }

  /** Spring Boot's Kafka connection (Testcontainers, Docker Compose, spring.kafka.*) as the default address. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(KafkaConnectionDetails.class)
  static final class SpringKafkaConnection {

    @Bean
    @Order(10)
    KafkaBootstrapServers statefunSpringKafkaAddress(ObjectProvider<KafkaConnectionDetails> details) {
      return () -> {
        KafkaConnectionDetails connection = details.getIfAvailable();
        return connection == null ? null : String.join(",", connection.getBootstrapServers());
      };
    }

    @Bean
    @Order(10)
    KafkaClientDefaults statefunSpringKafkaClientDefaults(ObjectProvider<KafkaProperties> boot,
        ObjectProvider<KafkaConnectionDetails> details, Environment environment) {
      return () -> new SpringKafkaClientDefaults(
          boot.getIfAvailable(() -> Binder.get(environment).bindOrCreate("spring.kafka", KafkaProperties.class)),
          details.getIfAvailable()).get();
    }
  }

}
