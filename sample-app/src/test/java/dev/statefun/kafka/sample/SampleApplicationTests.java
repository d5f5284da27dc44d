package dev.statefun.kafka.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The sample's context binds the typed greeter found by component scanning (the job itself is not started here). */
@SpringBootTest(properties = {
    "statefun.flink.auto-startup=false",
    "statefun.kafka.embedded-broker.enabled=false",
    "statefun.kafka.bootstrap-servers=localhost:9092",
    "sample.generator.enabled=false"})
class SampleApplicationTests {

  @Autowired
  StatefulFunctionsUniverse universe;

  @Test
  void theTypedGreeterIsBoundWithItsDeclaredState() {
    assertThat(universe.function(GreeterFunctions.GREETER)).isPresent();
    assertThat(universe.declaredState(GreeterFunctions.GREETER)).containsExactly(Greeter.SEEN);
  }
}
