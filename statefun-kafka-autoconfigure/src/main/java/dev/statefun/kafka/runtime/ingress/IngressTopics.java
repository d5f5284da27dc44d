package dev.statefun.kafka.runtime.ingress;

import dev.statefun.kafka.io.KafkaIngressSpec;
import dev.statefun.kafka.runtime.KafkaBrokerCheck;
import dev.statefun.kafka.runtime.KafkaClientSettings;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns at startup about ingress topics that do not exist: Flink's Kafka source cannot describe
 * them, fails the job and goes through the restart strategy until they do. Internal.
 */
public final class IngressTopics {

  private static final Logger LOG = LoggerFactory.getLogger(IngressTopics.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private IngressTopics() {}

  /** The topics of the ingress the broker does not have; empty also when the broker cannot be asked. */
  public static List<String> missing(KafkaIngressSpec<?> spec, String kafkaAddress, KafkaClientSettings shared) {
    if (KafkaBrokerCheck.unansweredLately(kafkaAddress)) {
      return List.of();
    }
    Properties properties = shared.admin(kafkaAddress, spec.properties());
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    try (Admin admin = Admin.create(properties)) {
      Set<String> existing = admin.listTopics(new ListTopicsOptions().timeoutMs((int) TIMEOUT.toMillis()))
          .names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return spec.topicNames().stream().filter(topic -> !existing.contains(topic)).toList();
    } catch (Exception e) {
      LOG.debug("Could not list the topics of {} to check ingress {}", kafkaAddress, spec.id(), e);
      return List.of();
    }
  }

  /** {@link #warnIfMissing} on a thread of its own: the job does not wait for the broker's answer. */
  public static void warnIfMissingMeanwhile(KafkaIngressSpec<?> spec, String kafkaAddress, KafkaClientSettings shared) {
    Thread check = new Thread(() -> warnIfMissing(spec, kafkaAddress, shared), "statefun-ingress-topics");
    check.setDaemon(true);
    check.start();
  }

  /** Logs a warning naming the topics of the ingress that do not exist. */
  public static void warnIfMissing(KafkaIngressSpec<?> spec, String kafkaAddress, KafkaClientSettings shared) {
    List<String> missing = missing(spec, kafkaAddress, shared);
    if (!missing.isEmpty()) {
      LOG.warn("Ingress {} reads topics {} that do not exist on {}: the Kafka source fails the job until they exist. "
          + "Create them before the application starts", spec.id(), missing, kafkaAddress);
    }
  }
}
