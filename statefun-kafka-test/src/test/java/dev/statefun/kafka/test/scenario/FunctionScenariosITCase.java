package dev.statefun.kafka.test.scenario;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The scenarios as a real job: one application (parallelism 2) on a real in-JVM KRaft broker. */
class FunctionScenariosITCase extends FunctionScenarios {

  static EmbeddedKafkaKraftBroker broker;
  static JobRun run;

  @TempDir
  static Path checkpoints;

  @BeforeAll
  static void startBrokerAndApplication() {
    broker = new EmbeddedKafkaKraftBroker(1, 2);
    broker.brokerProperties(Map.of(
        "transaction.state.log.replication.factor", "1",
        "transaction.state.log.min.isr", "1",
        "offsets.topic.replication.factor", "1",
        "group.initial.rebalance.delay.ms", "0"));
    broker.afterPropertiesSet();
    run = new JobRun(broker, checkpoints);
  }

  @AfterAll
  static void stop() {
    try {
      if (run != null) {
        run.close();
      }
    } finally {
      broker.destroy();
    }
  }

  @Override
  ScenarioRun run() {
    return run;
  }
}
