package dev.statefun.kafka.remotefunctions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.testing.ApplicationRuns;
import dev.statefun.kafka.testing.TestBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application calling a remote function (the real Java SDK behind the JDK's HTTP server in
 * this JVM) runs as its own JVM and is killed with SIGKILL while calls are in flight, twice, then
 * restarted on the same checkpoints: a read_committed reader sees every input counted once, each
 * address 1..n.
 */
class RemoteCrashRecoveryITCase {

  static final TestBroker BROKER = TestBroker.start();
  static final int KEYS = 8;
  static final int KILLS = 2;

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
  void killedWhileCallsAreInFlightTheRestartedApplicationCountsEveryInputOnce() throws Exception {
    BROKER.createTopic("remote-crash-in", 2);
    BROKER.createTopic("remote-crash-out", 1);
    AtomicBoolean producing = new AtomicBoolean(true);
    AtomicInteger sent = new AtomicInteger();
    List<String> committed = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean reading = new AtomicBoolean(true);
    Thread producer = new Thread(() -> produceSteadily(producing, sent), "steady-input");
    Thread reader = new Thread(() -> readCommitted(reading, committed), "read-committed");
    try (SdkFunctionServer server = new SdkFunctionServer(SdkFunctions.counter("remote-crash-out"))) {
      server.delay(20);
      producer.start();
      reader.start();
      for (int run = 1; run <= KILLS; run++) {
        Process app = launch(server, run);
        int before = committed.size();
        await(() -> committed.size() > before + 20, run, "run " + run + " to commit output beyond " + before);
        Thread.sleep(200 + random.nextInt(1500));
        app.destroyForcibly();
        app.waitFor();
        System.out.printf("run %d: SIGKILL with calls in flight, %d outputs committed, %d inputs sent%n", run,
            committed.size(), sent.get());
      }
      Process last = launch(server, KILLS + 1);
      int before = committed.size();
      await(() -> committed.size() > before, KILLS + 1, "the last run to commit output beyond " + before);
      producing.set(false);
      producer.join();
      int inputs = sent.get();
      await(() -> committed.size() >= inputs, KILLS + 1, "all " + inputs + " inputs to be counted");
      Thread.sleep(2_000);
      last.destroy();
      last.waitFor();
      reading.set(false);
      reader.join();

      Map<String, List<Integer>> counts = new TreeMap<>();
      for (String value : committed) {
        int split = value.indexOf(':');
        counts.computeIfAbsent(value.substring(0, split), k -> new ArrayList<>())
            .add(Integer.parseInt(value.substring(split + 1)));
      }
      assertThat(committed).hasSize(inputs);
      counts.forEach((key, seen) ->
          assertThat(seen).as("counts of %s", key).isEqualTo(IntStream.rangeClosed(1, seen.size()).boxed().toList()));
      assertThat(counts).hasSize(KEYS);
      for (int run = 2; run <= KILLS + 1; run++) {
        assertThat(logOf(run)).as("log of run %s", run).contains("restored from");
      }
    } finally {
      producing.set(false);
      reading.set(false);
      producer.join();
      reader.join();
    }
  }

  private Process launch(SdkFunctionServer server, int run) throws IOException, InterruptedException {
    Path log = ApplicationRuns.logFile(work, run);
    Path tmp = Files.createDirectories(work.resolve("tmp-" + run));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmp,
        "-cp", System.getProperty("java.class.path"), RemoteFunctionsApplication.class.getName()));
    Map.ofEntries(
            Map.entry("statefun.kafka.bootstrap-servers", BROKER.bootstrapServers()),
            Map.entry("statefun.kafka.ingresses[0].id", "remote/inputs"),
            Map.entry("statefun.kafka.ingresses[0].consumer-group-id", "remote-crash"),
            Map.entry("statefun.kafka.ingresses[0].startup-position.type", "earliest"),
            Map.entry("statefun.kafka.ingresses[0].topics[0].topic", "remote-crash-in"),
            Map.entry("statefun.kafka.ingresses[0].topics[0].value-type", "com.example/Text"),
            Map.entry("statefun.kafka.ingresses[0].topics[0].targets", "remote/counter"),
            Map.entry("statefun.kafka.egresses[0].id", "remote/counts"),
            Map.entry("statefun.kafka.egresses[0].delivery-semantic.type", "exactly-once"),
            Map.entry("statefun.kafka.egresses[0].delivery-semantic.transaction-timeout", "10m"),
            Map.entry("statefun.flink.application-id", "remote-crash"),
            Map.entry("statefun.flink.checkpoint-interval", "300ms"),
            Map.entry("statefun.flink.checkpoint-dir", work.resolve("checkpoints").toUri().toString()),
            Map.entry("statefun.endpoints[0].functions", "remote/*"),
            Map.entry("statefun.endpoints[0].url-path-template", server.urlPathTemplate()))
        .forEach((name, value) -> command.add("--" + name + "=" + value));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(process);
    await(() -> logOf(run).contains(RemoteFunctionsApplication.RUNNING_MARKER), run, "run " + run + " to start its job");
    return process;
  }

  private void produceSteadily(AtomicBoolean producing, AtomicInteger sent) {
    try (KafkaProducer<byte[], byte[]> producer = BROKER.producer()) {
      for (int i = 0; producing.get(); i++) {
        producer.send(new ProducerRecord<>("remote-crash-in", TestBroker.utf8("k" + (i % KEYS)), TestBroker.utf8("x"))).get();
        sent.incrementAndGet();
        Thread.sleep(10);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void readCommitted(AtomicBoolean reading, List<String> committed) {
    try (KafkaConsumer<byte[], byte[]> consumer = BROKER.consumer("read_committed")) {
      consumer.subscribe(List.of("remote-crash-out"));
      while (reading.get()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          committed.add(TestBroker.utf8(record.value()));
        }
      }
    }
  }

  private void await(BooleanSupplier condition, int run, String what) throws InterruptedException {
    ApplicationRuns.await(condition, Duration.ofSeconds(120), processes.get(run - 1), work, run, what);
  }

  private String logOf(int run) {
    return ApplicationRuns.logOf(work, run);
  }
}
