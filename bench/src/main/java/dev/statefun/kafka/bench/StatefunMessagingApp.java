package dev.statefun.kafka.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.statefun.kafka.io.KafkaEgressSerializer;
import dev.statefun.kafka.io.KafkaIngressDeserializer;
import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.Context;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunction;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import java.nio.file.Path;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The messaging workload as a user would write it: an input record (key = an address id, value
 * ignored, timestamp = when it was produced) starts a chain of {@code bench.hops} messages, each
 * to an address of the other parallel instance than the one sending it; the last writes one
 * output record: {@code <input timestamp>,<processed at>,<hop 1 µs>,...}. Hop latency is measured
 * inside the job (send to receive, {@link System#nanoTime()}, one JVM). Messages are plain text,
 * so the same app runs on any version of the library.
 *
 * <p>{@code <bootstrap servers> <input topic> <output topic> <run id> <parallelism> <checkpoint
 * interval ms> <dir> <hops>}
 *
 * <p>Not a {@code @Configuration}: the counter app's component scan of this package must not
 * pick it up (its beans are registered as this class is the application's source).
 */
@EnableAutoConfiguration
public class StatefunMessagingApp {

  static final FunctionType HOP = new FunctionType("bench", "hop");
  static final EgressIdentifier<String> CHAINS = new EgressIdentifier<>("bench", "chains", String.class);
  static final int MAX_PARALLELISM = 128;

  public static void main(String[] a) throws Exception {
    new SpringApplication(StatefunMessagingApp.class).run("--spring.config.name=statefun-messaging",
        "--bench.bootstrap-servers=" + a[0],
        "--bench.input-topic=" + a[1],
        "--bench.output-topic=" + a[2],
        "--bench.group=messaging-" + a[3],
        "--bench.application-id=messaging-" + a[3],
        "--bench.parallelism=" + a[4],
        "--bench.checkpoint-interval=" + a[5] + "ms",
        "--bench.checkpoint-dir=" + Path.of(a[6]).toUri(),
        "--bench.hops=" + a[7]);
    RunArgs.idleUntilKilled();
  }

  @Bean
  KafkaIngressDeserializer<String> hopInput() {
    return record -> "start " + record.timestamp();
  }

  @Bean
  KafkaEgressSerializer<String> chainSerializer(Environment environment) {
    String topic = environment.getRequiredProperty("bench.output-topic");
    return line -> {
      int space = line.indexOf(' ');
      return new ProducerRecord<>(topic, line.substring(0, space).getBytes(UTF_8), line.substring(space + 1).getBytes(UTF_8));
    };
  }

  @Bean
  StatefulFunctionSpec hop(Environment environment) {
    int hops = environment.getRequiredProperty("bench.hops", Integer.class);
    int parallelism = environment.getRequiredProperty("bench.parallelism", Integer.class);
    return StatefulFunctionSpec.builder(HOP).withSupplier(() -> new Hop(hops, parallelism)).build();
  }

  /**
   * A message is {@code start <input ts>} from the ingress, then {@code <origin> <input ts> <hop>
   * <sent at ns> <µs of earlier hops, comma-separated>}.
   */
  static final class Hop implements StatefulFunction {
    private final int hops;
    private final int parallelism;

    Hop(int hops, int parallelism) {
      this.hops = hops;
      this.parallelism = parallelism;
    }

    @Override
    public void invoke(Context context, Object input) {
      long now = System.nanoTime();
      String[] words = ((String) input).split(" ", -1);
      String self = context.self().id();
      if (words[0].equals("start")) {
        send(context, self, self, words[1], 1, now, "");
        return;
      }
      String origin = words[0];
      int hop = Integer.parseInt(words[2]);
      String latencies = words[4] + (words[4].isEmpty() ? "" : ",") + (now - Long.parseLong(words[3])) / 1000;
      if (hop == hops) {
        context.send(CHAINS, origin + " " + words[1] + "," + System.currentTimeMillis() + "," + latencies);
      } else {
        send(context, self, origin, words[1], hop + 1, System.nanoTime(), latencies);
      }
    }

    /** To an id of the other instance than {@code from}'s. */
    private void send(Context context, String from, String origin, String inputTs, int hop, long sentAt, String latencies) {
      String to = origin + "-" + hop;
      for (int attempt = 0; parallelism > 1 && subtaskOf(to) == subtaskOf(from); attempt++) {
        to = origin + "-" + hop + "-" + attempt;
      }
      context.send(new Address(HOP, to), origin + " " + inputTs + " " + hop + " " + sentAt + " " + latencies);
    }

    private int subtaskOf(String id) {
      return KeyGroupRangeAssignment.assignKeyToParallelOperator(id, MAX_PARALLELISM, parallelism);
    }
  }
}
