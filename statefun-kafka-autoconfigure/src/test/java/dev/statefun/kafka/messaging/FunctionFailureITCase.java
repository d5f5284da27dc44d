package dev.statefun.kafka.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.statefun.kafka.autoconfigure.StatefunJobHealthIndicator;
import dev.statefun.kafka.runtime.cluster.MiniClusterRunner;
import dev.statefun.kafka.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * A function that keeps failing on the same message does not spin silently: the job restarts
 * as often as {@code statefun.flink.restart-strategy.attempts} allows, then stops, the failure
 * is logged as an error naming the address and the message type, and the health turns DOWN.
 */
class FunctionFailureITCase {

  static final TestBroker BROKER = TestBroker.start();
  static final Map<String, Object> ONE_RESTART = Map.of(
      "statefun.flink.restart-strategy.attempts", 1,
      "statefun.flink.restart-strategy.delay", "100ms");

  @TempDir
  static Path checkpoints;

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  @Test
  void aFunctionThatKeepsFailingStopsTheJobAfterItsRestartsAndTheAppReportsIt() throws Exception {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger runnerLog = (Logger) LoggerFactory.getLogger(MiniClusterRunner.class);
    try (TestApp app = TestApp.start(StateApplication.class, BROKER, checkpoints.resolve("keeps-failing"),
        "keeps-failing", 1, "test/state", ONE_RESTART)) {
      // after the start: Spring Boot resets the logging configuration while it starts
      runnerLog.addAppender(log);
      StatefunJobHealthIndicator health = app.context().getBean(StatefunJobHealthIndicator.class);
      assertThat(health.health().getStatus()).isEqualTo(Status.UP);

      app.send("p", "fail-always");
      Throwable failure = awaitFailure(app);

      assertThat(failure).hasMessageContaining("test/keeps-failing/p")
          .hasMessageContaining("java.lang.String")
          .hasMessageContaining("cannot handle poison");
      assertThat(app.job().jobStatus()).hasValue(JobStatus.FAILED);
      Health down = health.health();
      assertThat(down.getStatus()).isEqualTo(Status.DOWN);
      assertThat(down.getDetails().get("error").toString()).contains("test/keeps-failing/p");
      assertThat(log.list).anySatisfy(event -> {
        assertThat(event.getLevel()).isEqualTo(Level.ERROR);
        assertThat(event.getFormattedMessage()).contains("keeps-failing", "after 1 restart attempts",
            "Function test/keeps-failing/p failed on a message of type java.lang.String from test/state/p");
      });
    } finally {
      runnerLog.detachAppender(log);
    }
  }

  @Test
  void usingADeclaredValueSpecWithAnotherTypeFailsNamingTheFunctionTypeAndTheSpec() throws Exception {
    try (TestApp app = TestApp.start(StateApplication.class, BROKER, checkpoints.resolve("mismatch"),
        "mismatch", 1, "test/state", ONE_RESTART)) {
      app.send("m", "mismatch");
      Throwable failure = awaitFailure(app);
      assertThat(rootCause(failure)).hasMessageContaining("test/state")
          .hasMessageContaining("'int'")
          .hasMessageContaining("java.lang.String")
          .hasMessageContaining("java.lang.Integer");
    }
  }

  private static Throwable awaitFailure(TestApp app) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Optional<Throwable> failure = app.job().failure();
    while (failure.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      failure = app.job().failure();
    }
    assertThat(failure).as("the job failed for good").isPresent();
    return failure.get();
  }

  private static Throwable rootCause(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
