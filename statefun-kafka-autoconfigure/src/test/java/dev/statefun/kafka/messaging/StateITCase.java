package dev.statefun.kafka.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Function state: every kind of value spec kept per address, across an application restart;
 * values with a short time to live are gone once it has passed, by write and by access.
 */
class StateITCase {

  static final TestBroker BROKER = TestBroker.start();

  @TempDir
  static Path checkpoints;

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  @Test
  void everyValueTypeIsKeptPerAddressAndSurvivesARestart() {
    try (TestApp app = TestApp.start(StateApplication.class, BROKER, checkpoints, "state", 1, "test/state", Map.of())) {
      app.send(List.of(
          Map.entry("x", "put 1"), Map.entry("y", "put 2"), Map.entry("z", "put 3"),
          Map.entry("x", "get"), Map.entry("y", "get"), Map.entry("z", "remove"), Map.entry("z", "get"),
          Map.entry("never-written", "get")));
      List<String> lines = app.committedLines(8, Duration.ofSeconds(60), Duration.ofSeconds(2));
      assertThat(lines).containsExactlyInAnyOrder(
          "test/state/x put 1", "test/state/y put 2", "test/state/z put 3",
          x(), y(), "test/state/z removed", empty("z"), empty("never-written"));
    }
    try (TestApp restarted = TestApp.start(StateApplication.class, BROKER, checkpoints, "state", 1, "test/state",
        Map.of())) {
      restarted.send(List.of(Map.entry("x", "get"), Map.entry("y", "get"), Map.entry("z", "get")));
      List<String> lines = restarted.committedLines(11, Duration.ofSeconds(60), Duration.ofSeconds(2));
      assertThat(lines.subList(8, lines.size())).containsExactlyInAnyOrder(x(), y(), empty("z"));
    }
  }

  @Test
  void valuesExpireAfterTheirTimeToLive(@TempDir Path dir) throws Exception {
    try (TestApp app = TestApp.start(StateApplication.class, BROKER, dir, "state-ttl", 1, "test/state", Map.of())) {
      app.send("t", "ttl-put");
      app.awaitLine("ttl-put", Duration.ofSeconds(60));
      // both short values are 1 s; this wait makes sure that much processing time has passed
      Thread.sleep(2500);
      app.send("t", "ttl-get");
      List<String> lines = app.awaitLine("test/state/t short-after-write=", Duration.ofSeconds(60));
      assertThat(lines).containsExactly("test/state/t ttl-put",
          "test/state/t short-after-write=false short-after-access=false long-after-write=true");
    }
  }

  private static String x() {
    return "test/state/x int=1 long=10000000000 string=text 1 boolean=false bytes=[1, 2] "
        + "profile=Profile[name=name 1, tags=[tag 1], scores={score=1}]";
  }

  private static String y() {
    return "test/state/y int=2 long=20000000000 string=text 2 boolean=true bytes=[2, 3] "
        + "profile=Profile[name=name 2, tags=[tag 2], scores={score=2}]";
  }

  private static String empty(String id) {
    return "test/state/" + id + " int=null long=null string=null boolean=null bytes=null profile=null";
  }
}
