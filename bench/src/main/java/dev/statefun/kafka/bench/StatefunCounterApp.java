package dev.statefun.kafka.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.statefun.kafka.autoconfigure.FlinkClusterCustomizer;
import dev.statefun.kafka.io.KafkaEgressSerializer;
import dev.statefun.kafka.io.KafkaIngressDeserializer;
import dev.statefun.kafka.sdk.Context;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunction;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import dev.statefun.kafka.sdk.ValueSpec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * statefun-kafka as a user would write the count: one ingress (targets = the counter, record key
 * = function id), a counter function with a {@code ValueSpec<Long>}, one egress; configured in
 * {@code statefun-counter.yml} through the starter.
 */
@SpringBootApplication
public class StatefunCounterApp {

  public static final FunctionType COUNTER = new FunctionType("bench", "counter");
  public static final EgressIdentifier<Counted> COUNTS = new EgressIdentifier<>("bench", "counts", Counted.class);
  public static final ValueSpec<Long> COUNT = ValueSpec.named("count").withLongType();
  private static final String FLINK_OPTION_PREFIX = "bench.flink.";

  /** What the counter sends to the egress. */
  public record Counted(String key, long count, long inputTimestamp, long processedAt) {}

  public static void main(String[] argv) throws Exception {
    RunArgs args = RunArgs.parse(argv);
    SpringApplication app = new SpringApplication(StatefunCounterApp.class);
    app.run(args.springArguments("statefun-counter", "statefun"));
    RunArgs.idleUntilKilled();
  }

  @Bean
  KafkaIngressDeserializer<Long> inputTimestamp() {
    return record -> record.timestamp();
  }

  @Bean
  KafkaEgressSerializer<Counted> countSerializer(org.springframework.core.env.Environment environment) {
    String topic = environment.getRequiredProperty("bench.output-topic");
    return counted -> new ProducerRecord<>(topic, counted.key().getBytes(UTF_8),
        Workload.outputValue(counted.count(), counted.inputTimestamp(), counted.processedAt()));
  }

  /**
   * Flink options for experiments: each system property {@code bench.flink.<option>=<value>} goes into the
   * embedded cluster's configuration (none are set by the harness).
   */
  @Bean
  FlinkClusterCustomizer benchFlinkOptions() {
    return configuration -> System.getProperties().stringPropertyNames().stream()
        .filter(name -> name.startsWith(FLINK_OPTION_PREFIX))
        .forEach(name -> configuration.setString(name.substring(FLINK_OPTION_PREFIX.length()), System.getProperty(name)));
  }

  @Bean
  StatefulFunctionSpec counter() {
    return StatefulFunctionSpec.builder(COUNTER).withValueSpecs(COUNT).withSupplier(Counter::new).build();
  }

  /** Counts the records of its key; also run by the JMH dispatcher benchmark. */
  public static final class Counter implements StatefulFunction {
    @Override
    public void invoke(Context context, Object input) {
      long count = context.storage().get(COUNT).orElse(0L) + 1;
      context.storage().set(COUNT, count);
      context.send(COUNTS, new Counted(context.self().id(), count, (Long) input, System.currentTimeMillis()));
    }
  }
}
