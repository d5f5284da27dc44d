package dev.statefun.kafka.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages between functions with two parallel instances: a message to an address of the
 * other instance goes round the in-JVM feedback loop (no Kafka topic); one to the same instance
 * is delivered in place. Exactly-once must hold across the loop and across a job failure, and a
 * rally between the two instances that never ends must not keep checkpoints or input waiting.
 */
class FeedbackMessagingITCase {

  static final TestBroker BROKER = TestBroker.start();

  @TempDir
  static Path checkpoints;

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  @Test
  void pingPongFanOutAndChainsAreDeliveredExactlyOnceAcrossTheFeedbackLoopAndAJobFailure() throws Exception {
    try (TestApp app = FunctionMessagingScenario.runScenario(BROKER, checkpoints.resolve("scenario"), "feedback-messaging", 2)) {
      assertThat(app.job().failure()).isEmpty();
      try (Admin admin = BROKER.admin()) {
        Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        assertThat(topics).as("topics of the broker: the loop needs none").noneMatch(topic -> topic.endsWith("-statefun-feedback"));
      }
    }
  }

  @Test
  void aRallyBetweenTheInstancesThatNeverEndsDoesNotBlockCheckpointsOrInput(@TempDir Path dir) throws Exception {
    try (TestApp app = TestApp.start(PingPongApplication.class, BROKER, dir, "feedback-endless", 2, "test/ping", Map.of())) {
      String id = crossingRallyId();
      app.send(id, "endless");
      // the rally goes round the loop between the two instances for as long as it runs; a line it
      // writes now and then is committed only by a checkpoint taken while it runs (their markers
      // come round between the balls), and the stop command must still be read and handled
      app.awaitLine("rally at", Duration.ofSeconds(60));
      assertThat(app.runner().checkpoint()).isNotBlank();
      app.send(id, "stop");
      app.awaitLine("rally stopped", Duration.ofSeconds(60));
    }
  }

  /** An id whose ping and rally partner are on different instances. */
  private static String crossingRallyId() {
    for (int i = 0; ; i++) {
      String id = "endless-" + i;
      if (FunctionMessagingScenario.subtaskOf(new Address(PingPongApplication.PING, id), 2)
          != FunctionMessagingScenario.subtaskOf(PingPongApplication.rallyPartner(id), 2)) {
        return id;
      }
    }
  }
}
