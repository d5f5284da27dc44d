package dev.statefun.kafka.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages between functions with one parallel instance: every address is local, so messages
 * are delivered in place, right after the invocation that sent them.
 */
class LocalMessagingITCase {

  static final TestBroker BROKER = TestBroker.start();

  @TempDir
  static Path checkpoints;

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  @Test
  void pingPongFanOutAndChainsAreDeliveredExactlyOnceAcrossAJobFailure() throws Exception {
    try (TestApp app = FunctionMessagingScenario.runScenario(BROKER, checkpoints.resolve("scenario"), "local-messaging", 1)) {
      assertThat(app.job().failure()).isEmpty();
    }
  }

  @Test
  void aRallyThatNeverEndsDoesNotBlockCheckpointsOrInput(@TempDir Path dir) throws Exception {
    try (TestApp app = TestApp.start(PingPongApplication.class, BROKER, dir, "local-endless", 1, "test/ping",
        java.util.Map.of())) {
      app.send("endless", "endless");
      // the rally runs in place between ping and pong; a checkpoint must still complete, and the
      // stop command must still be read and handled
      Thread.sleep(1000);
      String checkpoint = app.runner().checkpoint();
      assertThat(checkpoint).isNotBlank();
      app.send("endless", "stop");
      app.awaitLine("rally stopped", Duration.ofSeconds(60));
      assertThat(app.runner().checkpoint()).isNotBlank();
    }
  }
}
