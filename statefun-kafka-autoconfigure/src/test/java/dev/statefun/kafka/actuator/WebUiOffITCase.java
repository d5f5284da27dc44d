package dev.statefun.kafka.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.statefun.kafka.metrics.MeteredApplication;
import dev.statefun.kafka.runtime.cluster.JobOverview;
import dev.statefun.kafka.runtime.cluster.MiniClusterRunner;
import dev.statefun.kafka.testing.CapturedLogs;
import dev.statefun.kafka.testing.TestApplications;
import dev.statefun.kafka.testing.TestBroker;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * With the web UI off (the default) the embedded cluster runs no REST endpoint: no port, no REST
 * threads, and the log says so; the job runs exactly-once all the same, and what the health and the
 * {@code statefun} endpoint show (state, restarts, last checkpoint) comes from the cluster itself,
 * a restart included.
 */
class WebUiOffITCase {

  static final TestBroker BROKER = TestBroker.start();
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir
  Path checkpoints;

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  @Test
  void theJobRunsWithoutRestEndpointAndHealthAndOverviewCountItsCheckpointsAndRestarts() throws Exception {
    BROKER.createTopic("ui-off-in", 1);
    BROKER.createTopic(MeteredApplication.OUT_TOPIC, 1);
    MeteredApplication.FAIL_ONCE.set(false);
    Map<String, Object> properties = ActuatorITCase.properties(BROKER, "ui-off", "ui-off-in", checkpoints);
    try (CapturedLogs logs = CapturedLogs.at(Level.INFO, "dev.statefun");
        ConfigurableApplicationContext app = ActuatorITCase.start(properties, logs)) {
      BROKER.send("ui-off-in", List.of(Map.entry("a", "a1"), Map.entry("b", "b1")));
      assertThat(BROKER.readCommittedValues(MeteredApplication.OUT_TOPIC, 2, TIMEOUT, Duration.ZERO))
          .containsExactlyInAnyOrder("a1", "b1");

      MiniClusterRunner runner = TestApplications.runner(app);
      assertThat(runner.restAddress()).isEmpty();
      assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
          .noneMatch(name -> name.startsWith("flink-rest-server") || name.startsWith("Flink-DispatcherRestEndpoint"));
      assertThat(logs.text()).contains("Started ui-off (job " + runner.jobId().orElseThrow())
          .contains("web UI off").doesNotContain("Flink web UI of");

      URI base = URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port") + "/actuator/");
      JsonNode health = await().atMost(TIMEOUT).until(() -> health(base), job -> job.path("details").has("lastCheckpoint"));
      assertThat(health.path("status").asString()).isEqualTo("UP");
      assertThat(health.path("details").path("restarts").isNumber()).as("restarts shown").isTrue();
      assertThat(health.path("details").path("restarts").asLong()).isZero();
      JsonNode job = ActuatorITCase.json(ActuatorITCase.get(base.resolve("statefun"))).path("job");
      assertThat(job.path("state").asString()).isEqualTo("RUNNING");
      assertThat(job.path("lastCheckpoint").path("path").asString()).contains(checkpoints.toUri().getPath());

      MeteredApplication.FAIL_ONCE.set(true);
      BROKER.send("ui-off-in", List.of(Map.entry("a", "fail"), Map.entry("b", "b2")));
      assertThat(BROKER.readCommittedValues(MeteredApplication.OUT_TOPIC, 4, TIMEOUT, Duration.ZERO))
          .containsExactlyInAnyOrder("a1", "b1", "fail", "b2");
      JobOverview restarted = await().atMost(TIMEOUT).until(() -> JobOverview.of(runner).orElseThrow(),
          overview -> overview.restarts() == 1 && overview.state() == JobStatus.RUNNING);
      assertThat(restarted.lastCheckpoint()).isPresent();
      assertThat(await().atMost(TIMEOUT).until(() -> health(base), h -> h.path("details").path("restarts").asLong() == 1)
          .path("status").asString()).isEqualTo("UP");
    } finally {
      MeteredApplication.FAIL_ONCE.set(false);
    }
  }

  static JsonNode health(URI base) throws Exception {
    return ActuatorITCase.json(ActuatorITCase.get(base.resolve("health"))).path("components").path("statefunJob");
  }
}
