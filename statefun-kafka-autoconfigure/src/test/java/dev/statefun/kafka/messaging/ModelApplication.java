package dev.statefun.kafka.messaging;

import static dev.statefun.kafka.messaging.TestIo.OUT;

import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.Context;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import dev.statefun.kafka.sdk.ValueSpec;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two function types that run command trees, in the spirit of StateFun's smoke test: a command
 * increments the address's counter (writing the new count), writes a line, sends its sub-commands
 * to another address at once or after a delay, or fails the job the first time it is seen.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TestIo.class)
public class ModelApplication {

  static final FunctionType A = new FunctionType("test", "a");
  static final FunctionType B = new FunctionType("test", "b");
  static final ValueSpec<Long> COUNT = ValueSpec.named("count").withLongType();
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Set<Long> FAILED_ONCE = ConcurrentHashMap.newKeySet();

  /** One command; {@code type} and {@code target} name the address of a send, {@code then} what runs there. */
  public record Cmd(long id, String kind, String type, int target, long delayMillis, List<Cmd> then) {

    Address address() {
      return new Address("a".equals(type) ? A : B, "k" + target);
    }
  }

  /** Commands run in order at one address. */
  public record Batch(List<Cmd> commands) {}

  @Bean
  StatefulFunctionSpec a() {
    return StatefulFunctionSpec.builder(A).withValueSpecs(COUNT).withSupplier(() -> ModelApplication::run).build();
  }

  @Bean
  StatefulFunctionSpec b() {
    return StatefulFunctionSpec.builder(B).withValueSpecs(COUNT).withSupplier(() -> ModelApplication::run).build();
  }

  private static void run(Context context, Object input) {
    Batch batch = input instanceof String json ? JSON.readValue(json, Batch.class) : (Batch) input;
    for (Cmd command : batch.commands()) {
      switch (command.kind()) {
        case "inc" -> {
          long count = context.storage().get(COUNT).orElse(0L) + 1;
          context.storage().set(COUNT, count);
          line(context, "inc " + command.id() + " " + count);
        }
        case "emit" -> line(context, "emit " + command.id());
        case "send" -> context.send(command.address(), new Batch(command.then()));
        case "send-after" ->
            context.sendAfter(Duration.ofMillis(command.delayMillis()), command.address(), new Batch(command.then()));
        case "fail" -> {
          if (FAILED_ONCE.add(command.id())) {
            throw new IllegalStateException("injected failure by command " + command.id() + " at " + context.self());
          }
        }
        default -> throw new IllegalArgumentException("Unknown command " + command);
      }
    }
  }

  private static void line(Context context, String text) {
    context.send(OUT, context.self() + "|" + context.self() + " " + text);
  }
}
