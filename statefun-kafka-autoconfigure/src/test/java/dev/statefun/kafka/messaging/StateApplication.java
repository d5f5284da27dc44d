package dev.statefun.kafka.messaging;

import static dev.statefun.kafka.messaging.TestIo.OUT;

import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.AddressScopedStorage;
import dev.statefun.kafka.sdk.Context;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import dev.statefun.kafka.sdk.ValueSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A function keeping every kind of value spec, and two that fail: one on every message, one by
 * using a declared spec with another type.
 *
 * <p>Commands to {@code test/state}: {@code put <n>}, {@code get}, {@code remove},
 * {@code ttl-put}, {@code ttl-get}, {@code mismatch}, {@code fail-always}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TestIo.class)
public class StateApplication {

  static final FunctionType STATE = new FunctionType("test", "state");
  static final FunctionType KEEPS_FAILING = new FunctionType("test", "keeps-failing");

  static final ValueSpec<Integer> INT = ValueSpec.named("int").withIntType();
  static final ValueSpec<Long> LONG = ValueSpec.named("long").withLongType();
  static final ValueSpec<String> STRING = ValueSpec.named("string").withStringType();
  static final ValueSpec<Boolean> BOOLEAN = ValueSpec.named("boolean").withBooleanType();
  static final ValueSpec<byte[]> BYTES = ValueSpec.named("bytes").withBytesType();
  static final ValueSpec<Profile> PROFILE = ValueSpec.named("profile").withType(Profile.class);
  static final ValueSpec<String> SHORT_AFTER_WRITE =
      ValueSpec.named("short-after-write").thatExpireAfterWrite(Duration.ofSeconds(1)).withStringType();
  static final ValueSpec<String> SHORT_AFTER_ACCESS =
      ValueSpec.named("short-after-access").thatExpireAfterAccess(Duration.ofSeconds(1)).withStringType();
  static final ValueSpec<String> LONG_AFTER_WRITE =
      ValueSpec.named("long-after-write").thatExpireAfterWrite(Duration.ofHours(1)).withStringType();
  /** The declared {@link #INT}, used with another type. */
  static final ValueSpec<String> INT_AS_STRING = ValueSpec.named("int").withStringType();

  public record Profile(String name, List<String> tags, Map<String, Integer> scores) {}

  @Bean
  StatefulFunctionSpec state() {
    return StatefulFunctionSpec.builder(STATE)
        .withValueSpecs(INT, LONG, STRING, BOOLEAN, BYTES, PROFILE, SHORT_AFTER_WRITE, SHORT_AFTER_ACCESS, LONG_AFTER_WRITE)
        .withSupplier(() -> StateApplication::invoke)
        .build();
  }

  @Bean
  StatefulFunctionSpec keepsFailing() {
    return StatefulFunctionSpec.builder(KEEPS_FAILING).withSupplier(() -> (context, input) -> {
      throw new IllegalStateException("cannot handle " + input);
    }).build();
  }

  private static void invoke(Context context, Object input) {
    AddressScopedStorage storage = context.storage();
    String[] words = ((String) input).split(" ");
    switch (words[0]) {
      case "put" -> {
        int n = Integer.parseInt(words[1]);
        storage.set(INT, n);
        storage.set(LONG, n * 10_000_000_000L);
        storage.set(STRING, "text " + n);
        storage.set(BOOLEAN, n % 2 == 0);
        storage.set(BYTES, new byte[] {(byte) n, (byte) (n + 1)});
        storage.set(PROFILE, new Profile("name " + n, List.of("tag " + n), Map.of("score", n)));
        line(context, "put " + n);
      }
      case "get" -> line(context, "int=" + storage.get(INT).orElse(null)
          + " long=" + storage.get(LONG).orElse(null)
          + " string=" + storage.get(STRING).orElse(null)
          + " boolean=" + storage.get(BOOLEAN).orElse(null)
          + " bytes=" + storage.get(BYTES).map(Arrays::toString).orElse(null)
          + " profile=" + storage.get(PROFILE).orElse(null));
      case "remove" -> {
        storage.remove(INT);
        storage.remove(LONG);
        storage.remove(STRING);
        storage.remove(BOOLEAN);
        storage.remove(BYTES);
        storage.set(PROFILE, null);
        line(context, "removed");
      }
      case "ttl-put" -> {
        storage.set(SHORT_AFTER_WRITE, "w");
        storage.set(SHORT_AFTER_ACCESS, "a");
        storage.set(LONG_AFTER_WRITE, "l");
        line(context, "ttl-put");
      }
      case "ttl-get" -> line(context, "short-after-write=" + storage.get(SHORT_AFTER_WRITE).isPresent()
          + " short-after-access=" + storage.get(SHORT_AFTER_ACCESS).isPresent()
          + " long-after-write=" + storage.get(LONG_AFTER_WRITE).isPresent());
      case "mismatch" -> storage.set(INT_AS_STRING, "not a number");
      case "fail-always" -> context.send(new Address(KEEPS_FAILING, context.self().id()), "poison");
      default -> throw new IllegalArgumentException("Unknown command " + input);
    }
  }

  private static void line(Context context, String text) {
    context.send(OUT, context.self() + "|" + context.self() + " " + text);
  }
}
