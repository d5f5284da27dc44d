package dev.statefun.kafka.restore;

import static dev.statefun.kafka.restore.RestoreAssertions.counts;
import static dev.statefun.kafka.restore.RestoreAssertions.oneTo;
import static dev.statefun.kafka.restore.RestoreAssertions.valuesPerKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.testing.ApplicationRuns;
import dev.statefun.kafka.testing.TestBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application as its own JVM, killed with SIGKILL at random points under steady input and
 * restarted on the same checkpoint directory; afterwards a read_committed reader has seen every
 * input's effect exactly once and every key counted 1..n with no gap and no repeat. The
 * application runs with two parallel instances and every input takes one more hop, from its
 * counter to a relay at another id (on the other instance for about half the keys) that counts
 * and writes: each kill leaves messages in flight round the feedback loop, which the restarted
 * application must deliver once.
 *
 * <p>The issue describes the app as {@code java -jar}; here it is {@code java -cp <this test
 * JVM's class path> CountingApplication}: the same JVM death (no shutdown hook, no savepoint,
 * an open Kafka transaction left behind), without packaging a jar in the test. The egress
 * transaction timeout is 10 minutes, so a transaction the dead JVM left open would block the
 * read_committed reader for the rest of the test unless the restarted application aborts it.
 * Each kill comes a random 0-2 s after the run's first committed output, at the next moment
 * the egress has records in an open transaction (checked with the broker's last stable offset).
 */
class CrashRecoveryITCase {

  static final String RUNNING_MARKER = "STATEFUN-TEST-APPLICATION-RUNNING";
  static final TestBroker BROKER = TestBroker.start();
  static final int KEYS = 8;
  static final int KILLS = 2;
  static final int PARALLELISM = 2;

  private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
  private final Random random = new Random();

  @TempDir
  Path work;

  @AfterEach
  void killEveryApplication() throws InterruptedException {
    for (Process process : processes) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  @Test
  void killedApplicationRestartsWithEveryInputCountedExactlyOnce() throws Exception {
    assertThat(IntStream.range(0, KEYS).filter(key -> subtaskOf("k" + key) != subtaskOf("k" + key + "-relay")).count())
        .as("keys whose relay is on the other instance").isPositive();
    BROKER.createTopic("crash-in", 2);
    BROKER.createTopic("crash-out", 2);
    Path checkpoints = work.resolve("checkpoints");
    AtomicBoolean producing = new AtomicBoolean(true);
    AtomicInteger sent = new AtomicInteger();
    Thread producer = new Thread(() -> produceSteadily(producing, sent), "steady-input");
    List<ConsumerRecord<byte[], byte[]>> committed = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean reading = new AtomicBoolean(true);
    Thread reader = new Thread(() -> readCommitted(reading, committed), "read-committed");
    producer.start();
    reader.start();
    try {
      int danglingAfterKills = 0;
      Map<TopicPartition, Long> endAtKill = Map.of();
      for (int run = 1; run <= KILLS; run++) {
        Process app = launch(checkpoints, run);
        if (!endAtKill.isEmpty()) {
          Map<TopicPartition, Long> end = endAtKill;
          awaitCondition(() -> stableOffsetsReach(end), Duration.ofSeconds(60), run,
              "run " + run + " to abort the transactions of the killed run " + (run - 1));
        }
        int before = committed.size();
        awaitCondition(() -> committed.size() > before, Duration.ofSeconds(90), run,
            "run " + run + " to commit output beyond " + before + " records (a dangling transaction blocks this)");
        int delay = random.nextInt(2000);
        Thread.sleep(delay);
        // kill while the egress has a transaction with records in it, the case a restart must clean up
        awaitCondition(() -> !stableOffsetsReach(endOffsets(IsolationLevel.READ_UNCOMMITTED)), Duration.ofSeconds(30),
            run, "run " + run + " to write records in an open transaction");
        app.destroyForcibly();
        app.waitFor();
        endAtKill = endOffsets(IsolationLevel.READ_UNCOMMITTED);
        if (!stableOffsetsReach(endAtKill)) {
          danglingAfterKills++;
        }
        System.out.printf("run %d: SIGKILL %d ms after its first committed output (then at an open transaction),"
            + " %d outputs committed, %d inputs sent, end offsets %s, read_committed end %s%n", run, delay,
            committed.size(), sent.get(), endAtKill, endOffsets(IsolationLevel.READ_COMMITTED));
      }
      Process last = launch(checkpoints, KILLS + 1);
      Map<TopicPartition, Long> end = endAtKill;
      awaitCondition(() -> stableOffsetsReach(end), Duration.ofSeconds(60), KILLS + 1,
          "the last run to abort the transactions of the killed run " + KILLS);
      // a commit can land between seeing the open transaction and the kill (more often with the relay's hop
      // before each output): at least one kill must have left one behind for the restart to abort
      assertThat(danglingAfterKills).as("kills that left an open transaction behind").isPositive();
      int before = committed.size();
      awaitCondition(() -> committed.size() > before, Duration.ofSeconds(90), KILLS + 1,
          "the last run to commit output beyond " + before + " records");
      producing.set(false);
      producer.join();
      int inputs = sent.get();
      awaitCondition(() -> committed.size() >= inputs, Duration.ofSeconds(90), KILLS + 1,
          "all " + inputs + " inputs to be counted");
      Thread.sleep(2000);
      last.destroy(); // SIGTERM: Spring's shutdown hook stops the job with a savepoint
      last.waitFor();
      assertThat(logOf(KILLS + 1)).contains("Stopped crash with a savepoint at");

      reading.set(false);
      reader.join();
      List<String> inputsSeen = new ArrayList<>();
      Map<String, List<String>> values = valuesPerKey(committed);
      values.forEach((key, outputs) -> {
        assertThat(counts(outputs, "")).as("counts of %s", key).isEqualTo(oneTo(1, outputs.size()));
        outputs.forEach(value -> inputsSeen.add(value.substring(value.indexOf(':') + 1)));
      });
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < inputs; i++) {
        expected.add("s" + i);
      }
      assertThat(inputsSeen).as("inputs seen").hasSize(inputs).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(values).hasSize(KEYS);
      for (int run = 2; run <= KILLS + 1; run++) {
        assertThat(logOf(run)).as("log of run %s", run).contains("restored from " + checkpoints.toAbsolutePath());
      }
      System.out.printf("%d inputs counted exactly once across %d kills%n", inputs, KILLS);
    } finally {
      producing.set(false);
      reading.set(false);
      producer.join();
      reader.join();
    }
  }

  private static int subtaskOf(String id) {
    return KeyGroupRangeAssignment.assignKeyToParallelOperator(id, 128, PARALLELISM);
  }

  private Process launch(Path checkpoints, int run) throws IOException, InterruptedException {
    Path log = ApplicationRuns.logFile(work, run);
    // Flink's temporary directories of a killed JVM stay behind: keep them in the test's directory
    Path tmp = Files.createDirectories(work.resolve("tmp-" + run));
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmp,
        "-cp", System.getProperty("java.class.path"),
        CountingApplication.class.getName(),
        BROKER.bootstrapServers(), checkpoints.toUri().toString(), "crash", "crash-in", "crash-out",
        Integer.toString(PARALLELISM))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    long started = System.nanoTime();
    Process process = builder.start();
    processes.add(process);
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    awaitCondition(() -> logOf(run).contains(RUNNING_MARKER), Duration.ofSeconds(120), run,
        "run " + run + " to start its job");
    System.out.printf("run %d: JVM and job started in %d ms%n", run, (System.nanoTime() - started) / 1_000_000);
    return process;
  }

  /** Whether read_committed readers can read up to {@code offsets}: no open transaction holds them back. */
  private static boolean stableOffsetsReach(Map<TopicPartition, Long> offsets) {
    Map<TopicPartition, Long> stable = endOffsets(IsolationLevel.READ_COMMITTED);
    return offsets.entrySet().stream().allMatch(entry -> stable.get(entry.getKey()) >= entry.getValue());
  }

  private static Map<TopicPartition, Long> endOffsets(IsolationLevel isolation) {
    Map<TopicPartition, OffsetSpec> latest = Map.of(
        new TopicPartition("crash-out", 0), OffsetSpec.latest(), new TopicPartition("crash-out", 1), OffsetSpec.latest());
    try (Admin admin = BROKER.admin()) {
      Map<TopicPartition, Long> offsets = new HashMap<>();
      admin.listOffsets(latest, new ListOffsetsOptions(isolation)).all().get(30, TimeUnit.SECONDS)
          .forEach((partition, info) -> offsets.put(partition, info.offset()));
      return offsets;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void produceSteadily(AtomicBoolean producing, AtomicInteger sent) {
    try (KafkaProducer<byte[], byte[]> producer = BROKER.producer()) {
      for (int i = 0; producing.get(); i++) {
        producer.send(new ProducerRecord<>("crash-in", TestBroker.utf8("k" + (i % KEYS)), TestBroker.utf8("s" + i))).get();
        sent.incrementAndGet();
        Thread.sleep(10);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void readCommitted(AtomicBoolean reading, List<ConsumerRecord<byte[], byte[]>> committed) {
    try (KafkaConsumer<byte[], byte[]> consumer = BROKER.consumer("read_committed")) {
      consumer.subscribe(List.of("crash-out"));
      while (reading.get()) {
        consumer.poll(Duration.ofMillis(200)).forEach(committed::add);
      }
    }
  }

  private void awaitCondition(java.util.function.BooleanSupplier condition, Duration timeout, int run, String what)
      throws InterruptedException {
    ApplicationRuns.await(condition, timeout, processes.get(run - 1), work, run, what);
  }

  private String logOf(int run) {
    return ApplicationRuns.logOf(work, run);
  }
}
