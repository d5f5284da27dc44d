package dev.statefun.kafka.autoconfigure;

import dev.statefun.kafka.io.DeliverySemantic;
import dev.statefun.kafka.io.KafkaEgressSpec;
import dev.statefun.kafka.runtime.egress.BrokerTransactionLimit;
import dev.statefun.kafka.runtime.egress.KafkaSinkFactory;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the transaction timeout of every exactly-once egress before the job starts: it must be
 * comfortably longer than the checkpoint interval (a transaction stays open from one checkpoint
 * to the next) and at most the brokers' {@code transaction.max.timeout.ms} (they refuse longer
 * ones). A mistake names where the timeout is set. When the brokers cannot be asked within
 * {@link #BROKER_WAIT}, a warning is logged and startup goes on: the job then fails on its first
 * transaction if the timeout is too long.
 */
final class TransactionTimeoutCheck {

  static final Duration BROKER_WAIT = Duration.ofSeconds(10);

  private static final Pattern EGRESS_PATH = Pattern.compile("statefun\\.kafka\\.egresses\\[(\\d+)]");

  private final StatefunKafkaProperties kafka;

  TransactionTimeoutCheck(StatefunKafkaProperties kafka) {
    this.kafka = kafka;
  }

  void againstCheckpointInterval(StatefulFunctionsUniverse universe, Duration interval) {
    for (KafkaEgressSpec<?> egress : exactlyOnce(universe)) {
      if (egress.transactionTimeout().compareTo(interval.multipliedBy(2)) < 0) {
        throw new StatefunConfigurationException(location(universe, egress),
            "the transaction timeout " + describe(egress.transactionTimeout()) + " of egress " + egress.id()
                + " is not comfortably longer than statefun.flink.checkpoint-interval (" + describe(interval) + ")",
            "A transaction stays open from one checkpoint to the next: make the timeout at least twice the "
                + "interval (e.g. 15m) or checkpoint more often");
      }
    }
  }

  /** Checks against the brokers of the addresses {@code answering} accepts (the others were warned about already). */
  void againstBrokers(StatefulFunctionsUniverse universe, String defaultAddress, Predicate<String> answering) {
    Map<String, Optional<Duration>> limits = new HashMap<>();
    for (KafkaEgressSpec<?> egress : exactlyOnce(universe)) {
      String address = egress.kafkaAddress().filter(a -> !a.isBlank()).orElse(defaultAddress);
      if (address == null || address.isBlank() || !answering.test(address)) {
        continue;
      }
      Optional<Duration> limit = limits.computeIfAbsent(address, a -> BrokerTransactionLimit.maxTransactionTimeout(
          a, KafkaSinkFactory.producerProperties(egress, a, universe.kafkaClientSettings()), BROKER_WAIT));
      if (limit.isPresent() && egress.transactionTimeout().compareTo(limit.get()) > 0) {
        throw new StatefunConfigurationException(location(universe, egress),
            "the transaction timeout " + describe(egress.transactionTimeout()) + " of egress " + egress.id()
                + " is larger than " + BrokerTransactionLimit.MAX_TIMEOUT_CONFIG + " of the Kafka brokers at "
                + address + " (" + describe(limit.get()) + "), so they would refuse every transaction",
            "Lower the timeout to at most " + describe(limit.get()) + ", or raise "
                + BrokerTransactionLimit.MAX_TIMEOUT_CONFIG + " on the brokers");
      }
    }
  }

  /** Where the timeout of an egress is set: its property path, module file or builder method. */
  String location(StatefulFunctionsUniverse universe, KafkaEgressSpec<?> egress) {
    String origin = universe.originOf(egress.id());
    Matcher path = EGRESS_PATH.matcher(origin == null ? "" : origin);
    if (path.matches()) {
      int index = Integer.parseInt(path.group(1));
      StatefunKafkaProperties.DeliverySemantic semantic = index < kafka.getEgresses().size()
          ? kafka.getEgresses().get(index).getDeliverySemantic() : null;
      boolean millis = semantic != null && semantic.getTransactionTimeout() == null
          && semantic.getTransactionTimeoutMillis() != null;
      return origin + ".delivery-semantic." + (millis ? "transaction-timeout-millis" : "transaction-timeout");
    }
    if (origin != null && origin.contains("bean '")) {
      return "KafkaEgressBuilder.forIdentifier(" + egress.id() + ").withExactlyOnceProducerSemantics in " + origin;
    }
    return origin + ", egress " + egress.id() + " deliverySemantic.transactionTimeoutMillis";
  }

  private static List<KafkaEgressSpec<?>> exactlyOnce(StatefulFunctionsUniverse universe) {
    return universe.egresses().stream()
        .filter(egress -> egress.deliverySemantic() == DeliverySemantic.EXACTLY_ONCE)
        .toList();
  }

  private static String describe(Duration duration) {
    return duration.toString().substring(2).toLowerCase() + " (" + duration.toMillis() + " ms)";
  }
}
