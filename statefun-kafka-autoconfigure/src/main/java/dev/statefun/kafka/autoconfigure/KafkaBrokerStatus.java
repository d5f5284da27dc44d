package dev.statefun.kafka.autoconfigure;

import dev.statefun.kafka.runtime.KafkaBrokerCheck;
import dev.statefun.kafka.runtime.RuntimeSettings;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;

/**
 * Whether the Kafka brokers of the application's ingresses and egresses answer: checked before
 * the job starts and again at most every {@link #FRESH} when asked (by the health). While no
 * broker answers at an address, the Kafka clients' connection warnings ({@value #NETWORK_CLIENT},
 * one a second per client) are turned off after the one warning saying so; they are back once
 * every broker answers.
 */
public class KafkaBrokerStatus implements DisposableBean {

  static final Duration FRESH = Duration.ofSeconds(10);
  static final Duration WAIT = Duration.ofSeconds(2);
  static final String NETWORK_CLIENT = "org.apache.kafka.clients.NetworkClient";

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerStatus.class);

  private final StatefulFunctionsUniverse universe;
  private final RuntimeSettings settings;
  private final LoggingSystem logging;
  private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "statefun-kafka-broker-watch");
    thread.setDaemon(true);
    return thread;
  });
  private List<KafkaBrokerCheck.Result> results = List.of();
  private long checkedAt;
  private ScheduledFuture<?> watching;
  private boolean quiet;
  private LogLevel configuredLevel;

  public KafkaBrokerStatus(StatefulFunctionsUniverse universe, RuntimeSettings settings, LoggingSystem logging) {
    this.universe = universe;
    this.settings = settings;
    this.logging = logging;
  }

  /**
   * {@link #checkBeforeStart()} on a thread of its own, so that the job starts meanwhile; the
   * Kafka clients' connection warnings are off from the call on.
   */
  public CompletableFuture<List<KafkaBrokerCheck.Result>> checkWhileStarting() {
    synchronized (this) {
      quiet();
    }
    return CompletableFuture.supplyAsync(this::checkBeforeStart, watch);
  }

  /** Checks before the job starts: fails on refused authentication, warns once per address where no broker answers. */
  public synchronized List<KafkaBrokerCheck.Result> checkBeforeStart() {
    // quiet from the first probe on: the check's own client would warn about every attempt too
    quiet();
    try {
      record(KafkaBrokerCheck.beforeStart(universe, settings));
    } finally {
      if (results.stream().noneMatch(result -> result.answer() == KafkaBrokerCheck.Answer.NO_ANSWER)) {
        loud();
      }
    }
    return results;
  }

  private void quiet() {
    if (!quiet) {
      LoggerConfiguration configuration = logging.getLoggerConfiguration(NETWORK_CLIENT);
      configuredLevel = configuration == null ? null : configuration.getConfiguredLevel();
      quiet = true;
      logging.setLogLevel(NETWORK_CLIENT, LogLevel.ERROR);
    }
  }

  private void loud() {
    if (quiet) {
      logging.setLogLevel(NETWORK_CLIENT, configuredLevel);
      quiet = false;
    }
  }

  /** The latest answers, asked again when older than {@link #FRESH}. */
  public synchronized List<KafkaBrokerCheck.Result> current() {
    if (System.nanoTime() - checkedAt > FRESH.toNanos()) {
      record(KafkaBrokerCheck.connectionsOf(universe, settings).stream()
          .map(connection -> KafkaBrokerCheck.probe(connection, WAIT)).toList());
    }
    return results;
  }

  /** The connections where no broker answers (or the brokers refuse the clients). */
  public List<KafkaBrokerCheck.Result> unanswered() {
    return current().stream().filter(result -> result.answer() != KafkaBrokerCheck.Answer.ANSWERS).toList();
  }

  private void record(List<KafkaBrokerCheck.Result> latest) {
    results = latest;
    checkedAt = System.nanoTime();
    boolean silent = latest.stream().anyMatch(result -> result.answer() == KafkaBrokerCheck.Answer.NO_ANSWER);
    if (silent && watching == null) {
      quiet();
      LOG.info("Kafka's connection warnings ({}) are off until the brokers answer; the health statefunJob shows it",
          NETWORK_CLIENT);
      watching = watch.scheduleWithFixedDelay(this::current, FRESH.toMillis(), FRESH.toMillis(), TimeUnit.MILLISECONDS);
    } else if (!silent && watching != null) {
      loud();
      watching.cancel(false);
      watching = null;
      LOG.info("The Kafka brokers of every ingress and egress answer now");
    }
  }

  @Override
  public void destroy() {
    watch.shutdownNow();
  }
}
