package dev.statefun.kafka.egress;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.statefun.kafka.autoconfigure.StatefunJobLifecycle;
import dev.statefun.kafka.runtime.cluster.MiniClusterRunner;
import dev.statefun.kafka.runtime.egress.KafkaSinkFactory;
import dev.statefun.kafka.testing.CapturedLogs;
import dev.statefun.kafka.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The delivery semantics of an egress against a real broker, one application per scenario.
 * Checkpoints that matter are triggered by the test: scenarios that need "no checkpoint now" run
 * with a two-hour interval, so only the test commits their transactions.
 */
class KafkaEgressDeliveryITCase {

  /** Lets the exactly-once scenario use a transaction timeout above two checkpoint intervals of two hours. */
  static final TestBroker BROKER = TestBroker.start(Map.of("transaction.max.timeout.ms", "18000000"));

  @TempDir
  Path checkpoints;

  private static final String FIRST = "first";

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  @Test
  void exactlyOnceCommitsOnCheckpointAndHidesTheAbortedAttemptOfAFailure() throws Exception {
    String in = "eo-in";
    String out = "eo-out";
    RelayApplication.FAIL_ONCE.set(false);
    try (ConfigurableApplicationContext app = start("eo-app", in, out, "exactly-once", "2h",
        "statefun.kafka.egresses[0].delivery-semantic.transaction-timeout=4h")) {
      MiniClusterRunner job = runner(app);
      firstOutputCommitted(in, out);

      BROKER.send(in, records("a", 20));
      assertThat(values(BROKER.read(out, "read_uncommitted", 21, Duration.ofSeconds(60), Duration.ZERO)))
          .as("written to Kafka in an open transaction").hasSize(21);
      assertThat(values(BROKER.read(out, "read_committed", 1, Duration.ZERO, Duration.ofSeconds(2))))
          .as("read_committed before the checkpoint").containsExactly(FIRST);

      job.checkpoint();
      List<String> expected = new ArrayList<>(List.of(FIRST));
      expected.addAll(expected("a", 20));
      assertThat(values(BROKER.readCommitted(out, 21, Duration.ofSeconds(30), Duration.ofMillis(500))))
          .containsExactlyInAnyOrderElementsOf(expected);

      BROKER.send(in, records("b", 20));
      assertThat(BROKER.read(out, "read_uncommitted", 41, Duration.ofSeconds(60), Duration.ZERO)).hasSize(41);
      RelayApplication.FAIL_ONCE.set(true);
      BROKER.send(in, "fail", "fail");

      // the failed attempt's 20 b-records stay in the log, aborted; the restarted one writes b and the marker again
      assertThat(BROKER.read(out, "read_uncommitted", 62, Duration.ofSeconds(90), Duration.ofMillis(500)))
          .as("read_uncommitted sees the aborted attempt too").hasSize(62);
      assertThat(RelayApplication.FAIL_ONCE).isFalse();
      checkpointOnceRunning(job);

      expected.addAll(expected("b", 20));
      expected.add("fail");
      assertThat(values(BROKER.readCommitted(out, 42, Duration.ofSeconds(60), Duration.ofSeconds(2))))
          .as("read_committed sees every record once").containsExactlyInAnyOrderElementsOf(expected);
      assertThat(transactionalIds()).anyMatch(id -> id.startsWith(prefix("eo-app")));
    }
  }

  @Test
  void atLeastOnceLosesNothingAcrossAFailureAndUsesNoTransactions() throws Exception {
    String in = "alo-in";
    String out = "alo-out";
    RelayApplication.FAIL_ONCE.set(true);
    try (ConfigurableApplicationContext app = start("alo-app", in, out, "at-least-once", "300ms")) {
      List<Map.Entry<String, String>> input = new ArrayList<>(records("c", 100));
      input.add(Map.entry("fail", "fail"));
      input.addAll(records("d", 100));
      BROKER.send(in, input);

      List<String> written = values(BROKER.readCommitted(out, 201, Duration.ofSeconds(90), Duration.ofSeconds(1)));
      assertThat(RelayApplication.FAIL_ONCE).as("the marker failed the job once").isFalse();
      List<String> expected = new ArrayList<>(expected("c", 100));
      expected.add("fail");
      expected.addAll(expected("d", 100));
      assertThat(written).containsAll(expected);
      assertThat(transactionalIds()).noneMatch(id -> id.startsWith(prefix("alo-app")));
    }
  }

  @Test
  void noneWritesAtOnceWithoutTransactions() throws Exception {
    String in = "none-in";
    String out = "none-out";
    RelayApplication.FAIL_ONCE.set(false);
    try (ConfigurableApplicationContext app = start("none-app", in, out, "none", "2h")) {
      BROKER.send(in, records("e", 20));
      assertThat(values(BROKER.readCommitted(out, 20, Duration.ofSeconds(60), Duration.ofMillis(500))))
          .as("visible read_committed with no checkpoint taken")
          .containsExactlyInAnyOrderElementsOf(expected("e", 20));
      assertThat(transactionalIds()).noneMatch(id -> id.startsWith(prefix("none-app")));
    }
  }

  @Test
  void aFencedProducerFailsTheJobWhichRestartsAndCommitsEverythingOnce() throws Exception {
    String in = "fenced-in";
    String out = "fenced-out";
    RelayApplication.FAIL_ONCE.set(false);
    try (CapturedLogs logs = CapturedLogs.at(Level.INFO, "dev.statefun");
        ConfigurableApplicationContext app = start(logs, "fenced-app", in, out, "exactly-once", "2h",
            "statefun.kafka.egresses[0].delivery-semantic.transaction-timeout=4h")) {
      firstOutputCommitted(in, out);
      BROKER.send(in, records("f", 5));
      assertThat(BROKER.read(out, "read_uncommitted", 6, Duration.ofSeconds(60), Duration.ZERO)).hasSize(6);
      String open = openTransactionalId(prefix("fenced-app"));

      // what a second instance with the same application id does when it starts: take over the ids
      BROKER.takeOver(open);
      BROKER.send(in, records("g", 5));

      // the job survives: it restarts from its checkpoint (nothing committed yet) and writes everything again
      checkpointOnceRunning(runner(app));
      List<String> expected = new ArrayList<>(List.of(FIRST));
      expected.addAll(expected("f", 5));
      expected.addAll(expected("g", 5));
      assertThat(values(BROKER.readCommitted(out, 11, Duration.ofSeconds(60), Duration.ofSeconds(1))))
          .containsExactlyInAnyOrderElementsOf(expected);
      // a real takeover is an ERROR that says which property to change
      assertThat(logs.events()).anySatisfy(event -> {
        assertThat(event.getLevel()).isEqualTo(Level.ERROR);
        assertThat(event.getLoggerName()).endsWith("TransactionFailureAdvice");
        assertThat(event.getFormattedMessage()).contains("statefun.flink.application-id", prefix("fenced-app"));
      });
    }
  }

  private ConfigurableApplicationContext start(String applicationId, String in, String out, String semantic,
      String checkpointInterval, String... more) {
    return start(null, applicationId, in, out, semantic, checkpointInterval, more);
  }

  private ConfigurableApplicationContext start(CapturedLogs logs, String applicationId, String in, String out,
      String semantic, String checkpointInterval, String... more) {
    BROKER.createTopic(in, 1);
    BROKER.createTopic(out, 1);
    List<String> properties = new ArrayList<>(List.of(
        "statefun.kafka.bootstrap-servers=" + BROKER.bootstrapServers(),
        "statefun.kafka.ingresses[0].id=test/in",
        "statefun.kafka.ingresses[0].consumer-group-id=" + applicationId,
        "statefun.kafka.ingresses[0].topics=" + in,
        "statefun.kafka.ingresses[0].deserializer=valueDeserializer",
        "statefun.kafka.ingresses[0].targets=test/relay",
        "statefun.kafka.ingresses[0].startup-position.type=earliest",
        "statefun.kafka.egresses[0].id=test/out",
        "statefun.kafka.egresses[0].topic=" + out,
        "statefun.kafka.egresses[0].delivery-semantic.type=" + semantic,
        "statefun.flink.application-id=" + applicationId,
        "statefun.flink.checkpoint-interval=" + checkpointInterval,
        "statefun.flink.checkpoint-dir=" + checkpoints.resolve(applicationId).toUri()));
    properties.addAll(List.of(more));
    SpringApplicationBuilder builder = new SpringApplicationBuilder(RelayApplication.class)
        .web(WebApplicationType.NONE)
        .properties(properties.toArray(String[]::new));
    if (logs != null) {
      builder.listeners(logs.listener());
    }
    return builder.run();
  }

  private static MiniClusterRunner runner(ConfigurableApplicationContext app) {
    return app.getBean(StatefunJobLifecycle.class).runner().orElseThrow();
  }

  /** Triggers a checkpoint as soon as the restarted job takes one. */
  private static void checkpointOnceRunning(MiniClusterRunner job) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      try {
        if (job.status() == JobStatus.RUNNING) {
          job.checkpoint();
          return;
        }
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(200);
    }
  }

  private static String prefix(String applicationId) {
    return KafkaSinkFactory.transactionalIdPrefix(applicationId, "test/out");
  }

  /**
   * The job takes its first checkpoint at its first egress record, so the first output commits at once; a first
   * record, seen committed, gets that out of the way before a test looks at what a checkpoint commits.
   */
  private static void firstOutputCommitted(String in, String out) {
    BROKER.send(in, FIRST, FIRST);
    assertThat(values(BROKER.readCommitted(out, 1, Duration.ofSeconds(60), Duration.ZERO))).containsExactly(FIRST);
  }

  private static String openTransactionalId(String prefix) throws Exception {
    try (Admin admin = BROKER.admin()) {
      return admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream()
          .filter(listing -> listing.transactionalId().startsWith(prefix))
          .filter(listing -> listing.state() == TransactionState.ONGOING)
          .map(TransactionListing::transactionalId).findFirst().orElseThrow();
    }
  }

  private static List<String> transactionalIds() throws Exception {
    try (Admin admin = BROKER.admin()) {
      Collection<TransactionListing> listings = admin.listTransactions().all().get(30, TimeUnit.SECONDS);
      return listings.stream().map(TransactionListing::transactionalId).toList();
    }
  }

  private static List<Map.Entry<String, String>> records(String prefix, int count) {
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(Map.entry(prefix + "-" + i, prefix + "-" + i));
    }
    return records;
  }

  private static List<String> expected(String prefix, int count) {
    return records(prefix, count).stream().map(Map.Entry::getValue).toList();
  }

  private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(record -> TestBroker.utf8(record.value())).toList();
  }
}
