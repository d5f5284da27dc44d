package dev.statefun.kafka.remotefunctions;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.statefun.sdk.java.Address;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.io.KafkaEgressMessage;
import org.apache.flink.statefun.sdk.java.message.EgressMessageBuilder;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;
import org.apache.flink.statefun.sdk.java.types.SimpleType;
import org.apache.flink.statefun.sdk.java.types.Type;

/**
 * Remote functions as a StateFun 3.x user writes them, with the real Java SDK: nothing here
 * knows the starter.
 */
public final class SdkFunctions {

  /** UTF-8 text under a type name of the application's own, as StateFun's examples declare JSON types. */
  public static final Type<String> TEXT = SimpleType.simpleImmutableTypeFrom(
      TypeName.typeNameFromString("com.example/Text"), text -> text.getBytes(UTF_8), bytes -> new String(bytes, UTF_8));

  public static final TypeName COUNTER = TypeName.typeNameFromString("remote/counter");
  public static final TypeName SHOUTER = TypeName.typeNameFromString("remote/shouter");
  public static final TypeName PRINTER = TypeName.typeNameFromString("example/printer");
  public static final TypeName COUNTS = TypeName.typeNameFromString("remote/counts");
  public static final TypeName TEXTS = TypeName.typeNameFromString("example/texts");

  static final ValueSpec<Integer> SEEN = ValueSpec.named("seen").thatExpireAfterWrite(Duration.ofHours(1)).withIntType();
  /** Forgotten 3 s after the last call. */
  static final ValueSpec<Integer> GREETED = ValueSpec.named("greeted").thatExpiresAfterCall(Duration.ofSeconds(3)).withIntType();
  static final ValueSpec<String> LAST = ValueSpec.named("last").withUtf8StringType();

  private SdkFunctions() {}

  /** A function that writes to an egress the application does not have. */
  public static StatefulFunctionSpec lostEgress() {
    return StatefulFunctionSpec.builder(TypeName.typeNameFromString("remote/lost-egress"))
        .withSupplier(() -> (Context context, Message message) -> {
          context.send(KafkaEgressMessage.forEgress(TypeName.typeNameFromString("remote/nowhere"))
              .withTopic("nowhere").withUtf8Value("lost").build());
          return CompletableFuture.completedFuture(null);
        })
        .build();
  }

  /** A function that messages a function type nothing binds. */
  public static StatefulFunctionSpec lostMessage() {
    return StatefulFunctionSpec.builder(TypeName.typeNameFromString("remote/lost-message"))
        .withSupplier(() -> (Context context, Message message) -> {
          context.send(MessageBuilder.forAddress(TypeName.typeNameFromString("nowhere/fn"), "x").withValue("lost").build());
          return CompletableFuture.completedFuture(null);
        })
        .build();
  }

  /** {@code remote/typed} keeping its state {@code seen} as the given type, counting in it. */
  public static <T> StatefulFunctionSpec typed(ValueSpec<T> seen, java.util.function.Function<java.util.Optional<T>, T> next) {
    return StatefulFunctionSpec.builder(TypeName.typeNameFromString("remote/typed"))
        .withValueSpecs(seen)
        .withSupplier(() -> (Context context, Message message) -> {
          context.storage().set(seen, next.apply(context.storage().get(seen)));
          return CompletableFuture.completedFuture(null);
        })
        .build();
  }

  /**
   * Counts the messages of each address and writes {@code <id>:<count>} to the Kafka topic
   * {@code topic} through the generic egress {@code remote/counts}.
   */
  public static StatefulFunctionSpec counter(String topic) {
    return StatefulFunctionSpec.builder(COUNTER)
        .withValueSpecs(SEEN)
        .withSupplier(() -> (Context context, Message message) -> {
          if (!message.is(TEXT)) {
            throw new IllegalArgumentException("expected a com.example/Text from the ingress, got " + message.valueTypeName());
          }
          int seen = context.storage().get(SEEN).orElse(0) + 1;
          context.storage().set(SEEN, seen);
          context.send(KafkaEgressMessage.forEgress(COUNTS)
              .withTopic(topic)
              .withUtf8Key(context.self().id())
              .withUtf8Value(context.self().id() + ":" + seen)
              .build());
          return CompletableFuture.completedFuture(null);
        })
        .build();
  }

  /**
   * Takes a name (a built-in string from a Java function), answers the Java function
   * {@code example/printer} at {@code <id>-printer} (another key, so at parallelism 2 often
   * another instance) with {@code SHOUT:<NAME>:<times greeted>} and writes the same to the
   * egress {@code example/texts}. For {@code later} it also sends itself two delayed ticks and
   * cancels the second: only {@code TICK:<id>} arrives at the printer.
   */
  public static StatefulFunctionSpec shouter() {
    return StatefulFunctionSpec.builder(SHOUTER)
        .withValueSpecs(GREETED, LAST)
        .withSupplier(() -> (Context context, Message message) -> {
          String id = context.self().id();
          if (message.is(TEXT)) {
            String tick = message.as(TEXT);
            context.send(MessageBuilder.forAddress(PRINTER, id + "-printer").withCustomType(TEXT, tick.toUpperCase() + ":" + id).build());
            return CompletableFuture.completedFuture(null);
          }
          String name = message.asUtf8String();
          int greeted = context.storage().get(GREETED).orElse(0) + 1;
          context.storage().set(GREETED, greeted);
          context.storage().set(LAST, name);
          String shout = "SHOUT:" + name.toUpperCase() + ":" + greeted;
          context.send(MessageBuilder.forAddress(PRINTER, id + "-printer").withCustomType(TEXT, shout).build());
          context.send(EgressMessageBuilder.forEgress(TEXTS).withCustomType(TEXT, shout).build());
          if (name.equals("later")) {
            Message tick = MessageBuilder.forAddress(new Address(SHOUTER, id)).withCustomType(TEXT, "tick").build();
            Message cancelled = MessageBuilder.forAddress(new Address(SHOUTER, id)).withCustomType(TEXT, "cancelled").build();
            context.sendAfter(Duration.ofMillis(300), "tick-" + id, tick);
            context.sendAfter(Duration.ofMillis(400), "cancel-" + id, cancelled);
            context.cancelDelayedMessage("cancel-" + id);
          }
          return CompletableFuture.completedFuture(null);
        })
        .build();
  }
}
