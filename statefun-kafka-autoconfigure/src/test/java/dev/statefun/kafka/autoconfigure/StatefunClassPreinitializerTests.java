package dev.statefun.kafka.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.preinitialize.BackgroundPreinitializer;
import org.springframework.core.io.support.SpringFactoriesLoader;

class StatefunClassPreinitializerTests {

  @Test
  void springBootRunsItInTheBackground() {
    assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(BackgroundPreinitializer.class))
        .hasAtLeastOneElementOfType(StatefunClassPreinitializer.class);
  }

  /** Fails when an upgrade of Flink or Kafka has left the list behind: regenerate it then. */
  @Test
  void nearlyEveryListedClassIsOnTheClassPath() throws IOException {
    long listed;
    try (InputStream list = getClass().getClassLoader().getResourceAsStream(StatefunClassPreinitializer.CLASS_LIST)) {
      assertThat(list).as(StatefunClassPreinitializer.CLASS_LIST).isNotNull();
      listed = new String(list.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#")).count();
    }

    int loaded = StatefunClassPreinitializer.load(getClass().getClassLoader());

    assertThat(listed).isGreaterThan(4000);
    assertThat(loaded).isGreaterThanOrEqualTo((int) (listed * 0.95));
  }
}
