package dev.statefun.kafka.messaging;

import static dev.statefun.kafka.messaging.TestIo.OUT;

import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A function that schedules delayed messages: {@code schedule <delay-ms> <count> <target-id>}
 * sends {@code count} messages with the same delay to {@code test/alarm/<target-id>}, which
 * writes one line per message saying whether it came early. {@code fail-once} throws the first
 * time it is seen.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TestIo.class)
public class DelayedMessageApplication {

  static final FunctionType SCHEDULER = new FunctionType("test", "scheduler");
  static final FunctionType ALARM = new FunctionType("test", "alarm");
  static final Set<String> FAILED_ONCE = ConcurrentHashMap.newKeySet();

  public record Due(long sentAtMillis, long delayMillis, int number) {}

  @Bean
  StatefulFunctionSpec scheduler() {
    return StatefulFunctionSpec.builder(SCHEDULER).withSupplier(() -> (context, input) -> {
      String[] words = ((String) input).split(" ");
      if (words[0].equals("fail-once")) {
        if (FAILED_ONCE.add(context.self().toString())) {
          throw new IllegalStateException("injected failure at " + context.self());
        }
        context.send(OUT, context.self() + "|" + context.self() + " failed once");
        return;
      }
      long delay = Long.parseLong(words[1]);
      int count = Integer.parseInt(words[2]);
      Address target = new Address(ALARM, words[3]);
      for (int i = 1; i <= count; i++) {
        context.sendAfter(Duration.ofMillis(delay), target, new Due(System.currentTimeMillis(), delay, i));
      }
      context.send(OUT, context.self() + "|" + context.self() + " scheduled " + count + " for " + target);
    }).build();
  }

  @Bean
  StatefulFunctionSpec alarm() {
    return StatefulFunctionSpec.builder(ALARM).withSupplier(() -> (context, input) -> {
      Due due = (Due) input;
      long waited = System.currentTimeMillis() - due.sentAtMillis();
      String when = waited >= due.delayMillis() ? "on time" : "EARLY by " + (due.delayMillis() - waited) + " ms";
      context.send(OUT, context.self() + "|" + context.self() + " due " + due.number() + " from "
          + context.caller().orElseThrow() + " " + when);
    }).build();
  }
}
