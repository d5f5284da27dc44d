package dev.statefun.kafka.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.autoconfigure.StatefunJobHealthIndicator;
import dev.statefun.kafka.autoconfigure.StatefunJobLifecycle;
import dev.statefun.kafka.runtime.cluster.JobOverview;
import dev.statefun.kafka.greeter.GreeterApplication;
import dev.statefun.kafka.messaging.FunctionMessagingScenario;
import dev.statefun.kafka.messaging.PingPongApplication;
import dev.statefun.kafka.runtime.cluster.JobRunner;
import dev.statefun.kafka.testing.TestBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The greeter app, unchanged, in {@code statefun.flink.mode=remote} against a real Flink session
 * cluster (JobManager and TaskManager processes with 2 slots): the TaskManager starts the app's
 * context to reach its beans; greetings come out exactly once; stopping the app takes a
 * savepoint, and the app started again at parallelism 2 restores it and keeps counting; stopped
 * detached, it leaves the job running, and its next start takes that job over. And a messaging
 * app at parallelism 2 on the same cluster: rallies, fan-outs and chains between functions of
 * the two instances go round the in-JVM feedback loop (head and tail of an instance share a
 * slot of the TaskManager), each message delivered once.
 */
class RemoteGreeterITCase {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final int USERS = 20;

  @TempDir
  static Path work;

  static TestBroker broker;
  static FlinkSessionCluster cluster;

  @BeforeAll
  static void startBrokerAndCluster() {
    broker = TestBroker.start();
    broker.createTopic("users", 2);
    broker.createTopic("greetings", 2);
    cluster = FlinkSessionCluster.start(work.resolve("flink"), 2);
  }

  @AfterAll
  static void stopClusterThenBroker() {
    try {
      if (cluster != null) {
        List<Long> pids = cluster.pids();
        cluster.close();
        assertThat(pids).as("cluster processes after close").allSatisfy(pid ->
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  @Test
  void greetsExactlyOnceOnTheClusterAndKeepsEveryCountAfterRescalingFromASavepoint() throws Exception {
    Path checkpoints = work.resolve("checkpoints");
    Files.createDirectories(checkpoints);

    try (ConfigurableApplicationContext app = startApp(1, checkpoints)) {
      JobRunner runner = app.getBean(StatefunJobLifecycle.class).jobRunner().orElseThrow();
      assertThat(runner.status()).isEqualTo(JobStatus.RUNNING);
      assertThat(runner.restoredFrom()).isEmpty();
      sendVisits(10);
      assertVisitCounts(readGreetings(USERS * 10), 10);
      assertThat(taskManagerLog()).contains("Started the application context of greeter-remote on this TaskManager");

      // the health and the statefun endpoint read the job through the cluster's REST API, as on a MiniCluster
      Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(JobOverview.of(runner).orElseThrow().lastCheckpoint()).isPresent());
      assertThat(JobOverview.of(runner).orElseThrow().restarts()).isZero();
      Health health = app.getBean(StatefunJobHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("state", "RUNNING").containsKey("lastCheckpoint");
      assertThat(runner.savepoint()).contains("savepoint-");
    }
    // the job's tasks are gone from the TaskManager: Flink releases its class loader, and with it the app's context
    Awaitility.await().atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(taskManagerLog()).contains("Closed the application context of greeter-remote"));
    try (var savepoints = Files.list(checkpoints.resolve("savepoints"))) {
      assertThat(savepoints).as("the savepoint of the stopped app").isNotEmpty();
    }

    JobID detachedJob;
    try (ConfigurableApplicationContext app = startApp(2, checkpoints, "statefun.flink.remote.detach=true")) {
      JobRunner runner = app.getBean(StatefunJobLifecycle.class).jobRunner().orElseThrow();
      assertThat(runner.restoredFrom()).hasValueSatisfying(path -> assertThat(path).contains("savepoint-"));
      detachedJob = runner.jobId().orElseThrow();
      sendVisits(10);
      assertVisitCounts(readGreetings(USERS * 20), 20);
    }

    // detached: the job kept running without the app, and the next start takes it over instead of submitting another
    sendVisits(5);
    try (ConfigurableApplicationContext app = startApp(2, checkpoints)) {
      JobRunner runner = app.getBean(StatefunJobLifecycle.class).jobRunner().orElseThrow();
      assertThat(runner.jobId()).contains(detachedJob);
      assertThat(runner.restoredFrom()).isEmpty();
      assertThat(runner.status()).isEqualTo(JobStatus.RUNNING);
      assertVisitCounts(readGreetings(USERS * 25), 25);
    }
  }

  @Test
  void messagesBetweenFunctionsOfTwoInstancesGoRoundTheLoopExactlyOnceOnTheCluster() throws Exception {
    broker.createTopic("messaging-commands", 2);
    broker.createTopic("messaging-out", 2);
    List<Map.Entry<String, String>> commands = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      commands.add(Map.entry("rally-" + i, "pingpong 8"));
      expected.addAll(FunctionMessagingScenario.rally("rally-" + i, 8));
      commands.add(Map.entry("fan-" + i, "fanout 6"));
      expected.addAll(FunctionMessagingScenario.fanOut("fan-" + i, 6));
      commands.add(Map.entry("chain-" + i, "chain 5"));
      expected.addAll(FunctionMessagingScenario.chain("chain-" + i, 5));
    }
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(PingPongApplication.class)
        .web(WebApplicationType.NONE)
        .properties(remoteJob("messaging-remote", 2, work.resolve("messaging-checkpoints")))
        .properties(
            "statefun.kafka.ingresses[0].id=test/commands",
            "statefun.kafka.ingresses[0].topics=messaging-commands",
            "statefun.kafka.ingresses[0].deserializer=commandDeserializer",
            "statefun.kafka.ingresses[0].targets=test/ping",
            "statefun.kafka.egresses[0].id=test/out",
            "statefun.kafka.egresses[0].serializer=outputSerializer",
            "test.output-topic=messaging-out")
        .run()) {
      assertThat(app.getBean(StatefunJobLifecycle.class).jobRunner().orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
      broker.send("messaging-commands", commands);
      List<String> lines = broker.readCommittedValues("messaging-out", expected.size(), Duration.ofSeconds(180),
          Duration.ofSeconds(3));
      assertThat(lines).as("every expected line exactly once").containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  private static String taskManagerLog() throws IOException {
    return Files.readString(cluster.logDirectory().resolve("taskmanager.log"));
  }

  private static ConfigurableApplicationContext startApp(int parallelism, Path checkpoints, String... more) {
    return new SpringApplicationBuilder(GreeterApplication.class)
        .web(WebApplicationType.NONE)
        .properties(remoteJob("greeter-remote", parallelism, checkpoints))
        .properties(
            "statefun.kafka.ingresses[0].id=example/users",
            "statefun.kafka.ingresses[0].topics=users",
            "statefun.kafka.ingresses[0].deserializer=userDeserializer",
            "statefun.kafka.ingresses[0].targets=example/greeter",
            "statefun.kafka.egresses[0].id=example/greetings",
            "statefun.kafka.egresses[0].serializer=greetingSerializer")
        .properties(more)
        .run();
  }

  /** The properties of an app on the test cluster with one ingress and one exactly-once egress, but for their topics and beans. */
  private static String[] remoteJob(String applicationId, int parallelism, Path checkpoints) {
    return new String[] {
        "statefun.kafka.bootstrap-servers=" + broker.bootstrapServers(),
        "statefun.kafka.ingresses[0].consumer-group-id=" + applicationId,
        "statefun.kafka.ingresses[0].startup-position.type=earliest",
        "statefun.kafka.egresses[0].delivery-semantic.type=exactly-once",
        "statefun.kafka.egresses[0].delivery-semantic.transaction-timeout=1m",
        "statefun.flink.mode=remote",
        "statefun.flink.remote.host=" + cluster.host(),
        "statefun.flink.remote.port=" + cluster.restPort(),
        "statefun.flink.parallelism=" + parallelism,
        "statefun.flink.checkpoint-interval=500ms",
        "statefun.flink.shutdown-timeout=60s",
        "statefun.flink.checkpoint-dir=" + checkpoints.toUri(),
        "statefun.flink.application-id=" + applicationId};
  }

  private static void sendVisits(int perUser) {
    List<Map.Entry<String, String>> users = new ArrayList<>();
    IntStream.range(0, USERS * perUser).forEach(i -> {
      String name = "user-" + (i % USERS);
      users.add(Map.entry(name, "{\"name\":\"" + name + "\"}"));
    });
    broker.send("users", users);
  }

  private static List<ConsumerRecord<byte[], byte[]>> readGreetings(int expected) {
    return broker.readCommitted("greetings", expected, Duration.ofSeconds(180), Duration.ofSeconds(3));
  }

  /** Every user greeted once per visit, counting 1..visits: nothing lost, nothing twice, no count restarted. */
  private static void assertVisitCounts(List<ConsumerRecord<byte[], byte[]>> greetings, int visits) {
    assertThat(greetings).hasSize(USERS * visits);
    Map<String, List<Integer>> seenPerUser = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : greetings) {
      GreeterApplication.Greeting greeting = JSON.readValue(record.value(), GreeterApplication.Greeting.class);
      seenPerUser.computeIfAbsent(greeting.name(), k -> new ArrayList<>()).add(greeting.seen());
    }
    assertThat(seenPerUser).hasSize(USERS);
    List<Integer> expected = IntStream.rangeClosed(1, visits).boxed().toList();
    seenPerUser.forEach((name, seen) -> assertThat(seen).as("visit counts of %s", name).isEqualTo(expected));
  }
}
