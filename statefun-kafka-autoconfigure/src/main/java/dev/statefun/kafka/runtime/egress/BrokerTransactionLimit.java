package dev.statefun.kafka.runtime.egress;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the brokers at an address for the longest transaction timeout they accept
 * ({@code transaction.max.timeout.ms}), so an egress whose timeout they would refuse fails at
 * startup instead of at its first transaction. Internal.
 */
public final class BrokerTransactionLimit {

  /** The broker setting that caps a producer's {@code transaction.timeout.ms}. */
  public static final String MAX_TIMEOUT_CONFIG = "transaction.max.timeout.ms";

  private static final Logger LOG = LoggerFactory.getLogger(BrokerTransactionLimit.class);

  private BrokerTransactionLimit() {}

  /**
   * The smallest {@code transaction.max.timeout.ms} of the brokers at {@code bootstrapServers};
   * empty (with a warning) when they cannot be asked within {@code wait}.
   *
   * @param clientProperties an egress's producer properties; the admin client takes the
   *     connection and security settings among them
   */
  public static Optional<Duration> maxTransactionTimeout(String bootstrapServers, Properties clientProperties,
      Duration wait) {
    try (Admin admin = Admin.create(adminProperties(bootstrapServers, clientProperties, wait))) {
      int waitMillis = (int) wait.toMillis();
      Collection<Node> brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(waitMillis))
          .nodes().get(wait.toMillis(), TimeUnit.MILLISECONDS);
      List<ConfigResource> resources = brokers.stream()
          .map(node -> new ConfigResource(ConfigResource.Type.BROKER, node.idString()))
          .toList();
      Map<ConfigResource, Config> configs = admin.describeConfigs(resources,
          new DescribeConfigsOptions().timeoutMs(waitMillis)).all().get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return configs.values().stream()
          .map(config -> config.get(MAX_TIMEOUT_CONFIG))
          .filter(entry -> entry != null && entry.value() != null)
          .map(ConfigEntry::value)
          .map(value -> Duration.ofMillis(Long.parseLong(value)))
          .min(Duration::compareTo);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      LOG.warn("Could not ask the Kafka brokers at {} for {} within {}: {}. The transaction timeouts of the "
          + "exactly-once egresses there are not checked against it; a timeout the brokers refuse fails the "
          + "job when it starts its first transaction.", bootstrapServers, MAX_TIMEOUT_CONFIG, wait, e.toString());
      return Optional.empty();
    }
  }

  private static Properties adminProperties(String bootstrapServers, Properties clientProperties, Duration wait) {
    Properties properties = new Properties();
    clientProperties.forEach((key, value) -> {
      if (AdminClientConfig.configNames().contains(String.valueOf(key))) {
        properties.put(key, value);
      }
    });
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) wait.toMillis());
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) wait.toMillis());
    properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "statefun-transaction-limit-check");
    return properties;
  }
}
