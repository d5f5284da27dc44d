package dev.statefun.kafka.runtime;

import dev.statefun.kafka.io.KafkaEgressSpec;
import dev.statefun.kafka.io.KafkaIngressSpec;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the brokers of every Kafka address the application uses whether they answer, with the
 * settings its clients use, before the job starts. Brokers that refuse the client's
 * authentication fail startup with a message naming the listener's protocol and mechanism
 * (never the credentials); an address where no broker answers gets one warning naming the
 * ingresses and egresses there and what to check, and startup goes on (the clients keep
 * retrying, and the health shows it). Internal.
 */
public final class KafkaBrokerCheck {

  /** How long a probe waits for an answer. */
  public static final Duration WAIT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerCheck.class);
  private static final Duration REMEMBERED = Duration.ofMinutes(1);
  /** Addresses where no broker answered lately, and when: later startup checks need not wait for them again. */
  private static final Map<String, Long> UNANSWERED = new java.util.concurrent.ConcurrentHashMap<>();

  /** The clients that connect to one address with the same settings. */
  public record Connection(String address, Properties adminProperties, List<String> clients) {

    /** {@code security.protocol} and, for SASL, {@code sasl.mechanism} of these clients. */
    public String security() {
      String protocol = adminProperties.getProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
          CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL);
      return "security.protocol " + protocol + (protocol.startsWith("SASL")
          ? ", sasl.mechanism " + adminProperties.getProperty(SaslConfigs.SASL_MECHANISM, SaslConfigs.DEFAULT_SASL_MECHANISM)
          : "");
    }
  }

  /** What the brokers of a connection said. */
  public enum Answer { ANSWERS, NO_ANSWER, REFUSED }

  /** The answer for one connection, with Kafka's reason when it is not {@link Answer#ANSWERS}. */
  public record Result(Connection connection, Answer answer, String reason) {}

  private KafkaBrokerCheck() {}

  /** Every address the universe's clients use, with their settings, grouped. */
  public static List<Connection> connectionsOf(StatefulFunctionsUniverse universe, RuntimeSettings settings) {
    KafkaClientSettings shared = universe.kafkaClientSettings();
    Map<List<Object>, Connection> connections = new LinkedHashMap<>();
    for (KafkaIngressSpec<?> spec : universe.ingresses()) {
      String address = spec.kafkaAddress().filter(a -> !a.isBlank()).orElse(settings.defaultKafkaAddress());
      add(connections, address, shared.admin(address == null ? "" : address, spec.properties()), "ingress " + spec.id());
    }
    for (KafkaEgressSpec<?> spec : universe.egresses()) {
      String address = spec.kafkaAddress().filter(a -> !a.isBlank()).orElse(settings.defaultKafkaAddress());
      add(connections, address, shared.admin(address == null ? "" : address, spec.properties()), "egress " + spec.id());
    }
    return List.copyOf(connections.values());
  }

  private static void add(Map<List<Object>, Connection> connections, String address, Properties admin, String client) {
    if (address == null || address.isBlank()) {
      return;
    }
    connections.computeIfAbsent(List.of(address, admin), k -> new Connection(address, admin, new ArrayList<>()))
        .clients().add(client);
  }

  /** Asks the brokers of one connection for the cluster's nodes within {@code wait}. */
  public static Result probe(Connection connection, Duration wait) {
    Properties properties = new Properties();
    properties.putAll(connection.adminProperties());
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) wait.toMillis());
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) wait.toMillis());
    properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "statefun-broker-check");
    properties.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 500);
    properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    try (Admin admin = Admin.create(properties)) {
      admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) wait.toMillis()))
          .nodes().get(wait.toMillis() + 1000, TimeUnit.MILLISECONDS);
      return new Result(connection, Answer.ANSWERS, null);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
        return new Result(connection, Answer.REFUSED, cause.getClass().getSimpleName() + ": " + cause.getMessage());
      }
      return new Result(connection, Answer.NO_ANSWER, String.valueOf(cause));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(connection, Answer.NO_ANSWER, "interrupted");
    } catch (Exception e) {
      return new Result(connection, Answer.NO_ANSWER, e.toString());
    }
  }

  /**
   * Probes every connection: fails on brokers that refuse the clients' authentication, warns
   * once per address where no broker answers. Returns the results.
   */
  public static List<Result> beforeStart(StatefulFunctionsUniverse universe, RuntimeSettings settings) {
    List<Result> results = connectionsOf(universe, settings).stream().map(c -> probe(c, WAIT)).toList();
    for (Result result : results) {
      Connection connection = result.connection();
      if (result.answer() == Answer.REFUSED) {
        throw new StatefunConfigurationException("statefun.kafka.properties",
            "the Kafka brokers at " + connection.address() + " refused the connection of "
                + String.join(", ", connection.clients()) + " (" + connection.security() + "): " + result.reason(),
            "Check the credentials in sasl.jaas.config (statefun.kafka.properties, spring.kafka.properties or the "
                + "properties of the ingress/egress) and that the listener at " + connection.address()
                + " expects this security protocol and mechanism");
      }
      if (result.answer() == Answer.NO_ANSWER) {
        LOG.warn(noAnswer(connection, WAIT));
        UNANSWERED.put(connection.address(), System.nanoTime());
      } else {
        UNANSWERED.remove(connection.address());
      }
    }
    return results;
  }

  /** Whether no broker answered at this address in the last minute's startup check. */
  public static boolean unansweredLately(String address) {
    Long since = UNANSWERED.get(address);
    return since != null && System.nanoTime() - since < REMEMBERED.toNanos();
  }

  /** The one warning for an address where no broker answers. */
  public static String noAnswer(Connection connection, Duration wait) {
    return "No Kafka broker answers at " + connection.address() + " (asked for " + wait.toSeconds() + " s) for "
        + String.join(", ", connection.clients()) + ". The job starts anyway and its Kafka clients keep retrying. "
        + "Check that a broker runs there and is reachable from this host, that statefun.kafka.bootstrap-servers "
        + "(or spring.kafka.bootstrap-servers, or the address of each ingress/egress) names its listener, and "
        + "that the listener expects " + connection.security() + ".";
  }
}
