package dev.statefun.kafka.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages between functions with two parallel instances: a message to an address of the
 * other instance takes the feedback loop (the app's Kafka topic, written in transactions
 * committed on checkpoint and read read_committed); one to the same instance is delivered in
 * place. Exactly-once must hold across the loop and across a job failure.
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
    try (TestApp app = FunctionMessagingScenario.runScenario(BROKER, checkpoints, "feedback-messaging", 2)) {
      assertThat(app.job().failure()).isEmpty();
      assertThat(BROKER.readCommitted("feedback-messaging-statefun-feedback", 1, Duration.ofSeconds(10), Duration.ZERO))
          .as("messages between the two instances took the feedback topic")
          .isNotEmpty();
    }
  }
}
