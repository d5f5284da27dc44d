package dev.statefun.kafka.remotefunctions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.testing.TestApplications;
import dev.statefun.kafka.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Remote functions written with StateFun's real Java SDK, served over HTTP, called by a real job
 * against a real broker: a read_committed reader sees every effect once, across a job failure
 * while calls are in flight, an app restart and an endpoint that is down for a while.
 */
class RemoteFunctionsITCase {

  static final TestBroker BROKER = TestBroker.start();
  static final Duration TIMEOUT = Duration.ofSeconds(90);
  static final Duration QUIET = Duration.ofSeconds(1);

  @TempDir
  static Path checkpoints;

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  @Test
  void remoteCounterCountsEachAddressOnceAcrossAJobFailureAndAnAppRestart() throws Exception {
    BROKER.createTopic("counter-inputs", 2);
    BROKER.createTopic("counter-counts", 1);
    try (SdkFunctionServer server = new SdkFunctionServer(SdkFunctions.counter("counter-counts"))) {
      server.delay(5);
      Map<String, Integer> sent = new TreeMap<>();
      Map<String, Object> properties = counterApp(server, "counter-app");
      try (ConfigurableApplicationContext app = TestApplications.start(RemoteFunctionsApplication.class, properties)) {
        send(sent, 40, 2);
        assertCounts(sent);
        server.hold();
        send(sent, 40, 1);
        Thread.sleep(2_000); // checkpoints complete with 40 calls in flight
        BROKER.send("counter-inputs", "k0", "boom");
        sent.merge("k0", 1, Integer::sum);
        Thread.sleep(3_000); // the job fails, restores those calls and sends them again
        server.release();
        send(sent, 40, 2);
        assertCounts(sent);
      }
      assertThat(RemoteFunctionsApplication.EXPLODED).isTrue();
      int total = sent.values().stream().mapToInt(i -> i).sum();
      assertThat(server.invocations()).as("invocations seen twice: sent before the failure and again after it")
          .isGreaterThan(total);
      try (ConfigurableApplicationContext app = TestApplications.start(RemoteFunctionsApplication.class, properties)) {
        send(sent, 40, 3);
        assertCounts(sent);
      }
    }
  }

  /** Configured by a StateFun 3.x module.yaml as StateFun's documentation writes it; only the addresses differ. */
  @Test
  void aStateFunModuleYamlRunsAsWrittenAndAnEndpointDownForSecondsLosesNothing(@TempDir Path dir) throws Exception {
    BROKER.createTopic("down-inputs", 1);
    BROKER.createTopic("down-counts", 1);
    try (SdkFunctionServer server = new SdkFunctionServer(SdkFunctions.counter("down-counts"))) {
      Path module = dir.resolve("module.yaml");
      java.nio.file.Files.writeString(module, """
          kind: io.statefun.endpoints.v2/http
          spec:
            functions: remote/*
            urlPathTemplate: %s
            transport:
              type: io.statefun.transports.v1/async
              call: 1 min
              connect: 10s
          ---
          kind: io.statefun.kafka.v1/ingress
          spec:
            id: remote/inputs
            address: %s
            consumerGroupId: down-app
            startupPosition:
              type: earliest
            topics:
              - topic: down-inputs
                valueType: com.example/Text
                targets:
                  - remote/counter
          ---
          kind: io.statefun.kafka.v1/egress
          spec:
            id: remote/counts
            address: %s
            deliverySemantic:
              type: exactly-once
              transactionTimeout: 15min
          """.formatted(server.urlPathTemplate(), BROKER.bootstrapServers(), BROKER.bootstrapServers()));
      Map<String, Object> properties = new LinkedHashMap<>();
      properties.put("statefun.kafka.module", module.toUri().toString());
      properties.put("statefun.flink.application-id", "down-app");
      properties.put("statefun.flink.checkpoint-interval", "300ms");
      properties.put("statefun.flink.checkpoint-dir", checkpoints.resolve("down-app").toUri().toString());
      Map<String, Integer> sent = new TreeMap<>();
      try (ConfigurableApplicationContext app = TestApplications.start(RemoteFunctionsApplication.class, properties)) {
        send("down-inputs", sent, 10, 2);
        assertCounts("down-counts", sent);
        server.stop();
        send("down-inputs", sent, 10, 2);
        Thread.sleep(3_000);
        server.start();
        server.failNext(3);
        send("down-inputs", sent, 10, 1);
        assertCounts("down-counts", sent);

        io.micrometer.core.instrument.MeterRegistry meters = app.getBean(io.micrometer.core.instrument.MeterRegistry.class);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          assertThat(remoteCalls(meters, "success")).isGreaterThanOrEqualTo(server.requests());
          assertThat(remoteCalls(meters, "retry")).isGreaterThanOrEqualTo(3);
          assertThat(meters.get("statefun.function.invocations").tag("function", "remote/counter")
              .functionCounter().count()).isGreaterThanOrEqualTo(50);
        });
      }
    }
  }

  @Test
  void callsInFlightAndBatchesAreBoundedAndBackPressureTheInput() throws Exception {
    BROKER.createTopic("batch-inputs", 1);
    BROKER.createTopic("batch-counts", 1);
    try (SdkFunctionServer server = new SdkFunctionServer(SdkFunctions.counter("batch-counts"))) {
      Map<String, Object> properties = oneInstanceCounterApp(server, "batch-app", "batch-inputs");
      properties.put("statefun.flink.max-concurrent-remote-requests", "2");
      properties.put("statefun.endpoints[0].max-num-batch-requests", "3");
      Map<String, Integer> sent = new TreeMap<>();
      try (ConfigurableApplicationContext app = TestApplications.start(RemoteFunctionsApplication.class, properties)) {
        send("batch-inputs", sent, 1, 1);
        assertCounts("batch-counts", sent);

        server.hold();
        server.resetStatistics();
        send("batch-inputs", sent, 6, 1);
        Thread.sleep(2_000); // two calls in flight, the instance's bound: the third address waits
        assertThat(server.mostConcurrentRequests()).isEqualTo(2);
        server.release();
        assertCounts("batch-counts", sent);

        server.hold();
        server.resetStatistics();
        List<Map.Entry<String, String>> records = new ArrayList<>();
        IntStream.range(0, 20).forEach(i -> records.add(Map.entry("k0", "x")));
        records.add(Map.entry("k1", "x"));
        BROKER.send("batch-inputs", records);
        sent.merge("k0", 20, Integer::sum);
        sent.merge("k1", 1, Integer::sum);
        Thread.sleep(2_000); // one call in flight, 3 waiting in its batch, the input held back behind them
        assertThat(server.mostConcurrentRequests()).as("k1's call waits behind k0's full batch").isEqualTo(1);
        server.release();
        assertCounts("batch-counts", sent);
        assertThat(server.largestBatch()).isEqualTo(3);
      }
    }
  }

  @Test
  void callsBeyondTheEndpointsConnectionsWaitForOneWhileTheirAddressesBatchUp() throws Exception {
    BROKER.createTopic("pool-inputs", 1);
    BROKER.createTopic("pool-counts", 1);
    try (SdkFunctionServer server = new SdkFunctionServer(SdkFunctions.counter("pool-counts"))) {
      Map<String, Object> properties = oneInstanceCounterApp(server, "pool-app", "pool-inputs");
      properties.put("statefun.endpoints[0].max-connections", "1");
      Map<String, Integer> sent = new TreeMap<>();
      try (ConfigurableApplicationContext app = TestApplications.start(RemoteFunctionsApplication.class, properties)) {
        send("pool-inputs", sent, 6, 1);
        assertCounts("pool-counts", sent);
        assertThat(server.requests()).as("one state handshake for the type, then one call per address").isEqualTo(7);

        server.hold();
        server.resetStatistics();
        send("pool-inputs", sent, 6, 1);
        Thread.sleep(2_000); // k0's call holds the one connection; the other five wait for it
        send("pool-inputs", sent, 6, 2); // two more messages per address, batched behind its call
        Thread.sleep(1_000);
        assertThat(server.mostConcurrentRequests()).as("one connection, one call at a time").isEqualTo(1);
        server.release();
        assertCounts("pool-counts", sent);
        assertThat(server.largestBatch()).isEqualTo(2);
      }
    }
  }

  @Test
  void anHttpsEndpointIsCalledTrustingTheJvmsDefaultTrust(@TempDir Path keys) throws Exception {
    BROKER.createTopic("tls-inputs", 1);
    BROKER.createTopic("tls-counts", 1);
    SelfSignedCertificate certificate = SelfSignedCertificate.create(keys);
    javax.net.ssl.SSLContext jvmDefault = javax.net.ssl.SSLContext.getDefault();
    // what -Djavax.net.ssl.trustStore gives a JVM whose trust store holds the certificate
    javax.net.ssl.SSLContext.setDefault(certificate.trusting());
    try (SdkFunctionServer server = new SdkFunctionServer(certificate.server(), SdkFunctions.counter("tls-counts"))) {
      assertThat(server.urlPathTemplate()).startsWith("https://");
      Map<String, Object> properties = counterApp(server, "tls-app");
      properties.put("statefun.kafka.ingresses[0].topics[0].topic", "tls-inputs");
      properties.put("statefun.kafka.ingresses[0].topics[0].targets", "remote/counter");
      Map<String, Integer> sent = new TreeMap<>();
      try (ConfigurableApplicationContext app = TestApplications.start(RemoteFunctionsApplication.class, properties)) {
        send("tls-inputs", sent, 10, 3);
        assertCounts("tls-counts", sent);
      }
    } finally {
      javax.net.ssl.SSLContext.setDefault(jvmDefault);
    }
  }

  @Test
  void remoteAndJavaFunctionsMessageEachOtherWithStateDelaysAndEgresses() throws Exception {
    BROKER.createTopic("names", 2);
    BROKER.createTopic("printed", 1);
    BROKER.createTopic("texts", 1);
    try (SdkFunctionServer server = new SdkFunctionServer(SdkFunctions.shouter())) {
      Map<String, Object> properties = new LinkedHashMap<>(common(server, "names-app"));
      properties.put("statefun.kafka.ingresses[0].id", "example/names");
      properties.put("statefun.kafka.ingresses[0].topics", "names");
      properties.put("statefun.kafka.ingresses[0].deserializer", "nameDeserializer");
      properties.put("statefun.kafka.ingresses[0].targets", "example/greeter");
      properties.put("statefun.kafka.egresses[0].id", "example/printed");
      properties.put("statefun.kafka.egresses[0].serializer", "printedSerializer");
      properties.put("statefun.kafka.egresses[0].delivery-semantic.type", "exactly-once");
      properties.put("statefun.kafka.egresses[0].delivery-semantic.transaction-timeout", "1m");
      properties.put("statefun.kafka.egresses[1].id", "example/texts");
      properties.put("statefun.kafka.egresses[1].serializer", "textSerializer");
      properties.put("statefun.kafka.egresses[1].delivery-semantic.type", "exactly-once");
      properties.put("statefun.kafka.egresses[1].delivery-semantic.transaction-timeout", "1m");
      try (ConfigurableApplicationContext app = TestApplications.start(RemoteFunctionsApplication.class, properties)) {
        BROKER.send("names", "a", "alice");
        BROKER.send("names", "a", "alice");
        BROKER.send("names", "b", "bob");
        BROKER.send("names", "l", "later");

        List<String> printed = BROKER.readCommittedValues("printed", 5, TIMEOUT, Duration.ofSeconds(2));
        assertThat(printed).containsExactlyInAnyOrder(
            "a-printer|com.example/Text|SHOUT:ALICE:1|from remote/shouter/a",
            "a-printer|com.example/Text|SHOUT:ALICE:2|from remote/shouter/a",
            "b-printer|com.example/Text|SHOUT:BOB:1|from remote/shouter/b",
            "l-printer|com.example/Text|SHOUT:LATER:1|from remote/shouter/l",
            "l-printer|com.example/Text|TICK:l|from remote/shouter/l");
        assertThat(BROKER.readCommittedValues("texts", 4, TIMEOUT, QUIET)).containsExactlyInAnyOrder(
            "com.example/Text|SHOUT:ALICE:1", "com.example/Text|SHOUT:ALICE:2", "com.example/Text|SHOUT:BOB:1",
            "com.example/Text|SHOUT:LATER:1");

        Thread.sleep(6_000); // past the 3 s the SDK declared for 'greeted' after its last call
        BROKER.send("names", "a", "alice");
        assertThat(BROKER.readCommittedValues("printed", 6, TIMEOUT, QUIET))
            .contains("a-printer|com.example/Text|SHOUT:ALICE:1|from remote/shouter/a")
            .filteredOn(line -> line.contains("SHOUT:ALICE:1")).hasSize(2);
      }
    }
  }

  private static long remoteCalls(io.micrometer.core.instrument.MeterRegistry meters, String outcome) {
    return meters.find("statefun.remote.calls").tag("function", "remote/counter").tag("outcome", outcome)
        .timers().stream().mapToLong(io.micrometer.core.instrument.Timer::count).sum();
  }

  private static Map<String, Object> counterApp(SdkFunctionServer server, String applicationId) {
    Map<String, Object> properties = new LinkedHashMap<>(common(server, applicationId));
    properties.put("statefun.kafka.ingresses[0].id", "remote/inputs");
    properties.put("statefun.kafka.ingresses[0].topics[0].topic", "counter-inputs");
    properties.put("statefun.kafka.ingresses[0].topics[0].value-type", "com.example/Text");
    properties.put("statefun.kafka.ingresses[0].topics[0].targets", "remote/counter,example/bomb");
    properties.put("statefun.kafka.egresses[0].id", "remote/counts");
    properties.put("statefun.kafka.egresses[0].delivery-semantic.type", "exactly-once");
    properties.put("statefun.kafka.egresses[0].delivery-semantic.transaction-timeout", "1m");
    return properties;
  }

  /** The counter alone on {@code topic}, at parallelism 1. */
  private static Map<String, Object> oneInstanceCounterApp(SdkFunctionServer server, String applicationId,
      String topic) {
    Map<String, Object> properties = counterApp(server, applicationId);
    properties.put("statefun.kafka.ingresses[0].topics[0].topic", topic);
    properties.put("statefun.kafka.ingresses[0].topics[0].targets", "remote/counter");
    properties.put("statefun.flink.parallelism", "1");
    return properties;
  }

  private static Map<String, Object> common(SdkFunctionServer server, String applicationId) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("statefun.kafka.bootstrap-servers", BROKER.bootstrapServers());
    properties.put("statefun.kafka.ingresses[0].consumer-group-id", applicationId);
    properties.put("statefun.kafka.ingresses[0].startup-position.type", "earliest");
    properties.put("statefun.flink.application-id", applicationId);
    properties.put("statefun.flink.parallelism", "2");
    properties.put("statefun.flink.checkpoint-interval", "300ms");
    properties.put("statefun.flink.checkpoint-dir", checkpoints.resolve(applicationId).toUri().toString());
    properties.put("statefun.flink.restart-strategy.delay", "200ms");
    properties.put("statefun.endpoints[0].functions", "remote/*");
    properties.put("statefun.endpoints[0].url-path-template", server.urlPathTemplate());
    return properties;
  }

  private static void send(Map<String, Integer> sent, int keys, int rounds) {
    send("counter-inputs", sent, keys, rounds);
  }

  private static void send(String topic, Map<String, Integer> sent, int keys, int rounds) {
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      for (int key = 0; key < keys; key++) {
        records.add(Map.entry("k" + key, "x"));
        sent.merge("k" + key, 1, Integer::sum);
      }
    }
    BROKER.send(topic, records);
  }

  private static void assertCounts(Map<String, Integer> sent) {
    assertCounts("counter-counts", sent);
  }

  /** Every address counted 1..n exactly once, in order. */
  private static void assertCounts(String topic, Map<String, Integer> sent) {
    int total = sent.values().stream().mapToInt(i -> i).sum();
    List<String> values = BROKER.readCommittedValues(topic, total, TIMEOUT, QUIET);
    Map<String, List<Integer>> counts = new TreeMap<>();
    for (String value : values) {
      int split = value.indexOf(':');
      counts.computeIfAbsent(value.substring(0, split), k -> new ArrayList<>())
          .add(Integer.parseInt(value.substring(split + 1)));
    }
    Map<String, List<Integer>> expected = new TreeMap<>();
    sent.forEach((key, n) -> expected.put(key, IntStream.rangeClosed(1, n).boxed().toList()));
    assertThat(counts).isEqualTo(expected);
  }
}
