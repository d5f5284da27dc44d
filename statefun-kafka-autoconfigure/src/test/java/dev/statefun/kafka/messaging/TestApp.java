package dev.statefun.kafka.messaging;

import dev.statefun.kafka.autoconfigure.StatefunJobLifecycle;
import dev.statefun.kafka.runtime.cluster.MiniClusterRunner;
import dev.statefun.kafka.testing.TestApplications;
import dev.statefun.kafka.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One run of a test application against the test broker: commands go to {@code <id>-commands}
 * (routed to the given function types, record key = function id), lines come out of
 * {@code <id>-out}. Closing stops the job with a savepoint, as an application shutdown does;
 * a new run with the same id and checkpoint directory restores it.
 */
final class TestApp implements AutoCloseable {

  private final TestBroker broker;
  private final String id;
  private final ConfigurableApplicationContext context;

  private TestApp(TestBroker broker, String id, ConfigurableApplicationContext context) {
    this.broker = broker;
    this.id = id;
    this.context = context;
  }

  static TestApp start(Class<?> application, TestBroker broker, Path checkpoints, String id, int parallelism,
      String targets, Map<String, Object> more) {
    broker.createTopic(id + "-commands", 2);
    broker.createTopic(id + "-out", 2);
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("statefun.kafka.bootstrap-servers", broker.bootstrapServers());
    properties.put("statefun.kafka.ingresses[0].id", "test/commands");
    properties.put("statefun.kafka.ingresses[0].consumer-group-id", id);
    properties.put("statefun.kafka.ingresses[0].topics", id + "-commands");
    properties.put("statefun.kafka.ingresses[0].deserializer", "commandDeserializer");
    properties.put("statefun.kafka.ingresses[0].targets", targets);
    properties.put("statefun.kafka.ingresses[0].startup-position.type", "earliest");
    properties.put("statefun.kafka.egresses[0].id", "test/out");
    properties.put("statefun.kafka.egresses[0].serializer", "outputSerializer");
    properties.put("statefun.kafka.egresses[0].delivery-semantic.type", "exactly-once");
    properties.put("statefun.kafka.egresses[0].delivery-semantic.transaction-timeout", "1m");
    properties.put("statefun.flink.application-id", id);
    properties.put("statefun.flink.parallelism", parallelism);
    properties.put("statefun.flink.checkpoint-interval", "300ms");
    properties.put("statefun.flink.checkpoint-dir", checkpoints.toUri().toString());
    properties.put("statefun.flink.restart-strategy.attempts", 3);
    properties.put("statefun.flink.restart-strategy.delay", "200ms");
    properties.put("test.output-topic", id + "-out");
    properties.putAll(more);
    return new TestApp(broker, id, TestApplications.start(application, properties));
  }

  ConfigurableApplicationContext context() {
    return context;
  }

  StatefunJobLifecycle job() {
    return TestApplications.job(context);
  }

  MiniClusterRunner runner() {
    return TestApplications.runner(context);
  }

  void send(String key, String command) {
    broker.send(id + "-commands", key, command);
  }

  void send(List<Map.Entry<String, String>> commands) {
    broker.send(id + "-commands", commands);
  }

  /** The lines written so far and committed, read until {@code expected} arrived and then for {@code quiet} more. */
  List<String> committedLines(int expected, Duration timeout, Duration quiet) {
    return broker.readCommittedValues(id + "-out", expected, timeout, quiet);
  }

  /** Waits until a committed line contains the text; returns all committed lines. */
  List<String> awaitLine(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> lines = List.of();
    while (System.nanoTime() < deadline) {
      lines = committedLines(Integer.MAX_VALUE, Duration.ofMillis(500), Duration.ZERO);
      if (lines.stream().anyMatch(line -> line.contains(text))) {
        return lines;
      }
    }
    throw new AssertionError("No committed line with '" + text + "' within " + timeout + "; lines: " + lines);
  }

  @Override
  public void close() {
    job().stop();
    context.close();
  }
}
