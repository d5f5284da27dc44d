package dev.statefun.kafka.messaging;

import static dev.statefun.kafka.messaging.TestIo.OUT;

import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.Context;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunction;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import dev.statefun.kafka.sdk.ValueSpec;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Two function types that talk: ping starts ping-pong rallies, fan-outs and chains from
 * commands; pong answers through {@code caller()}. Every step writes a line naming the
 * addresses involved, so the output tells what was delivered and how often.
 *
 * <p>Commands to {@code test/ping}: {@code pingpong <balls>}, {@code fanout <width>},
 * {@code chain <length>}, {@code endless}, {@code stop}, {@code volley <length>}, {@code volley}
 * (endless until {@code stop}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TestIo.class)
public class PingPongApplication {

  static final FunctionType PING = new FunctionType("test", "ping");
  static final FunctionType PONG = new FunctionType("test", "pong");
  static final ValueSpec<Integer> ANSWERS = ValueSpec.named("answers").withIntType();
  static final ValueSpec<Integer> WIDTH = ValueSpec.named("width").withIntType();
  static final ValueSpec<Boolean> STOPPED = ValueSpec.named("stopped").withBooleanType();
  static final ValueSpec<Integer> LAST_VOLLEY = ValueSpec.named("last-volley").withIntType();

  /** A volley writes a line when it reaches this number, and one when it is complete. */
  static final int VOLLEY_PROGRESS = 100;

  /** Addresses whose pong throws once on ball 3, to fail the job in the middle of a rally. */
  static final String FAIL_ONCE_PREFIX = "fail-";

  /** An endless rally writes a line at every multiple of this many hits (odd: ping sees the odd ones). */
  static final long RALLY_REPORT = 201;

  /** The rallies whose pong has thrown already; the restarted job must then go on. */
  static final Set<String> FAILED_ONCE = ConcurrentHashMap.newKeySet();

  public record Ball(int number, int of) {}

  public record Ask(String question) {}

  public record Answer(String text) {}

  public record Hop(String chain, int number, int of) {}

  public record Rally(long hits) {}

  /** A ball of a long rally that writes lines only at {@link #VOLLEY_PROGRESS}, at its end, and when one came out of order. */
  public record Volley(int number, int of) {
    /** The length of a volley that goes on until its ping is told to {@code stop}. */
    static final int UNTIL_STOPPED = Integer.MAX_VALUE;
  }

  @Bean
  StatefulFunctionSpec ping() {
    return StatefulFunctionSpec.builder(PING).withValueSpecs(ANSWERS, WIDTH, STOPPED, LAST_VOLLEY).withSupplier(Ping::new).build();
  }

  @Bean
  StatefulFunctionSpec pong() {
    return StatefulFunctionSpec.builder(PONG).withValueSpecs(LAST_VOLLEY).withSupplier(Pong::new).build();
  }

  static final class Ping implements StatefulFunction {
    @Override
    public void invoke(Context context, Object input) {
      String self = context.self().id();
      if (input instanceof String command) {
        String[] words = command.split(" ");
        int n = words.length > 1 ? Integer.parseInt(words[1]) : 0;
        switch (words[0]) {
          case "pingpong" -> context.send(rallyPartner(self), new Ball(1, n));
          case "fanout" -> {
            context.storage().set(WIDTH, n);
            for (int i = 0; i < n; i++) {
              context.send(new Address(PONG, self + "-" + i), new Ask("who are you?"));
            }
          }
          case "chain" -> context.send(new Address(PONG, self + "-hop1"), new Hop(self, 1, n));
          case "endless" -> context.send(rallyPartner(self), new Rally(0));
          case "stop" -> context.storage().set(STOPPED, true);
          case "volley" -> context.send(rallyPartner(self), new Volley(1, n == 0 ? Volley.UNTIL_STOPPED : n));
          default -> throw new IllegalArgumentException("Unknown command " + command);
        }
      } else if (input instanceof Ball ball) {
        line(context, "got ball " + ball.number() + " from " + context.caller().orElseThrow());
        if (ball.number() < ball.of()) {
          context.send(context.caller().orElseThrow(), new Ball(ball.number() + 1, ball.of()));
        }
      } else if (input instanceof Answer answer) {
        int answers = context.storage().get(ANSWERS).orElse(0) + 1;
        context.storage().set(ANSWERS, answers);
        line(context, "answer '" + answer.text() + "' from " + context.caller().orElseThrow());
        if (answers == context.storage().get(WIDTH).orElseThrow()) {
          line(context, "fan-out of " + answers + " complete");
        }
      } else if (input instanceof Volley volley) {
        if (volley.of() == Volley.UNTIL_STOPPED && context.storage().get(STOPPED).orElse(false)) {
          Volleys.check(context, volley);
          line(context, "volley stopped at " + volley.number());
        } else {
          Volleys.play(context, volley);
        }
      } else if (input instanceof Hop hop) {
        Chains.hop(context, hop, PONG);
      } else if (input instanceof Rally rally) {
        if (context.storage().get(STOPPED).orElse(false)) {
          line(context, "rally stopped");
        } else {
          if (rally.hits() % RALLY_REPORT == 0) {
            line(context, "rally at " + rally.hits());
          }
          context.send(context.caller().orElseThrow(), new Rally(rally.hits() + 1));
        }
      }
    }
  }

  /**
   * The pong a ping rallies with: another id, because addresses with the same id always share a
   * parallel instance, and a rally should be able to cross the feedback loop.
   */
  static Address rallyPartner(String pingId) {
    return new Address(PONG, pingId + "-pong");
  }

  static final class Pong implements StatefulFunction {
    @Override
    public void invoke(Context context, Object input) {
      Address caller = context.caller().orElseThrow(() -> new IllegalStateException("pong is only called by ping"));
      if (input instanceof Ball ball) {
        if (context.self().id().startsWith(FAIL_ONCE_PREFIX) && ball.number() == 3
            && FAILED_ONCE.add(context.self().toString())) {
          throw new IllegalStateException("injected failure at " + context.self());
        }
        line(context, "got ball " + ball.number() + " from " + caller);
        if (ball.number() < ball.of()) {
          context.send(caller, new Ball(ball.number() + 1, ball.of()));
        }
      } else if (input instanceof Ask) {
        context.send(caller, new Answer("I am " + context.self()));
      } else if (input instanceof Volley volley) {
        Volleys.play(context, volley);
      } else if (input instanceof Hop hop) {
        Chains.hop(context, hop, PING);
      } else if (input instanceof Rally rally) {
        context.send(caller, new Rally(rally.hits() + 1));
      }
    }
  }

  /** Each side sees every other number of a volley, in order: pong the odd ones, ping the even ones. */
  static final class Volleys {
    static void play(Context context, Volley volley) {
      check(context, volley);
      if (volley.number() == VOLLEY_PROGRESS) {
        line(context, "volley at " + VOLLEY_PROGRESS);
      }
      if (volley.number() == volley.of()) {
        line(context, "volley of " + volley.of() + " complete");
      } else {
        context.send(context.caller().orElseThrow(), new Volley(volley.number() + 1, volley.of()));
      }
    }

    /** Writes a line when the ball is not the one after the last this side saw, and remembers it. */
    static void check(Context context, Volley volley) {
      int expected = context.storage().get(LAST_VOLLEY).map(last -> last + 2).orElse(volley.number() <= 2 ? volley.number() : -1);
      if (volley.number() != expected) {
        line(context, "volley out of order: " + volley.number() + " after " + context.storage().get(LAST_VOLLEY));
      }
      context.storage().set(LAST_VOLLEY, volley.number());
    }
  }

  static final class Chains {
    static void hop(Context context, Hop hop, FunctionType next) {
      line(context, "chain " + hop.chain() + " hop " + hop.number() + " of " + hop.of());
      if (hop.number() < hop.of()) {
        context.send(new Address(next, hop.chain() + "-hop" + (hop.number() + 1)), new Hop(hop.chain(), hop.number() + 1, hop.of()));
      }
    }
  }

  static void line(Context context, String text) {
    context.send(OUT, context.self() + "|" + context.self() + " " + text);
  }
}
