package dev.statefun.kafka.restore;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.statefun.kafka.io.KafkaEgressSerializer;
import dev.statefun.kafka.io.KafkaIngressDeserializer;
import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import dev.statefun.kafka.sdk.ValueSpec;
import dev.statefun.kafka.testing.TestApplications;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The application the restore tests restart: a counter per record key (StateFun's e2e
 * pattern), writing {@code <count>:<input>} exactly once to the output topic; optionally an
 * audit function ({@code restore-test.audit=true}) that counts the same keys and writes
 * {@code audit:<count>:<input>}; or ({@code restore-test.relay=true}) a counter that, instead
 * of writing, sends each input on to a relay function at {@code <key>-relay}, often on another
 * parallel instance, which counts and writes {@code <count>:<input>} under its own id.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class CountingApplication {

  static final FunctionType COUNTER = new FunctionType("restore", "counter");
  static final FunctionType AUDIT = new FunctionType("restore", "audit");
  static final FunctionType RELAY = new FunctionType("restore", "relay");
  static final EgressIdentifier<String> COUNTS = new EgressIdentifier<>("restore", "counts", String.class);
  static final ValueSpec<Integer> SEEN = ValueSpec.named("seen").withIntType();

  @Bean
  KafkaIngressDeserializer<String> inputDeserializer() {
    return record -> record.key() == null ? null : new String(record.key(), UTF_8) + "=" + new String(record.value(), UTF_8);
  }

  @Bean
  KafkaEgressSerializer<String> countSerializer(@Value("${restore-test.output-topic}") String topic) {
    return line -> {
      int split = line.indexOf('=');
      return new ProducerRecord<>(topic, line.substring(0, split).getBytes(UTF_8), line.substring(split + 1).getBytes(UTF_8));
    };
  }

  @Bean
  @ConditionalOnProperty(name = "restore-test.relay", havingValue = "false", matchIfMissing = true)
  StatefulFunctionSpec counter() {
    return counting(COUNTER, "");
  }

  @Bean
  @ConditionalOnProperty("restore-test.relay")
  StatefulFunctionSpec forwardingCounter() {
    return StatefulFunctionSpec.builder(COUNTER)
        .withValueSpecs(SEEN)
        .withSupplier(() -> (context, input) -> {
          context.storage().set(SEEN, context.storage().get(SEEN).orElse(0) + 1);
          context.send(new Address(RELAY, context.self().id() + "-relay"), input);
        })
        .build();
  }

  @Bean
  @ConditionalOnProperty("restore-test.relay")
  StatefulFunctionSpec relay() {
    return counting(RELAY, "");
  }

  @Bean
  @ConditionalOnProperty("restore-test.audit")
  StatefulFunctionSpec audit() {
    return counting(AUDIT, "audit:");
  }

  private static StatefulFunctionSpec counting(FunctionType type, String label) {
    return StatefulFunctionSpec.builder(type)
        .withValueSpecs(SEEN)
        .withSupplier(() -> (context, input) -> {
          String keyAndValue = (String) input;
          int seen = context.storage().get(SEEN).orElse(0) + 1;
          context.storage().set(SEEN, seen);
          String value = keyAndValue.substring(keyAndValue.indexOf('=') + 1);
          context.send(COUNTS, context.self().id() + "=" + label + seen + ":" + value);
        })
        .build();
  }

  /**
   * The properties of one run: ingress {@code restore/inputs} on {@code inputTopic} routed to
   * the counter, an exactly-once egress whose transactions outlive any test wait (10 minutes),
   * so a dangling transaction would block read_committed readers for the rest of the test.
   */
  static Map<String, Object> properties(String bootstrapServers, String checkpointDir, String applicationId,
      String inputTopic, String outputTopic) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("statefun.kafka.bootstrap-servers", bootstrapServers);
    properties.put("statefun.kafka.ingresses[0].id", "restore/inputs");
    properties.put("statefun.kafka.ingresses[0].consumer-group-id", applicationId);
    properties.put("statefun.kafka.ingresses[0].topics", inputTopic);
    properties.put("statefun.kafka.ingresses[0].deserializer", "inputDeserializer");
    properties.put("statefun.kafka.ingresses[0].targets", "restore/counter");
    properties.put("statefun.kafka.ingresses[0].startup-position.type", "earliest");
    properties.put("statefun.kafka.egresses[0].id", "restore/counts");
    properties.put("statefun.kafka.egresses[0].serializer", "countSerializer");
    properties.put("statefun.kafka.egresses[0].delivery-semantic.type", "exactly-once");
    properties.put("statefun.kafka.egresses[0].delivery-semantic.transaction-timeout", "10m");
    properties.put("statefun.flink.application-id", applicationId);
    properties.put("statefun.flink.checkpoint-dir", checkpointDir);
    properties.put("statefun.flink.checkpoint-interval", "300ms");
    properties.put("restore-test.output-topic", outputTopic);
    return properties;
  }

  static ConfigurableApplicationContext run(Map<String, Object> properties) {
    return TestApplications.start(CountingApplication.class, properties);
  }

  /**
   * The application as its own JVM, for the crash test: {@code <bootstrap servers>
   * <checkpoint dir> <application id> <input topic> <output topic> [<parallelism>]}; with a
   * parallelism above 1 every input goes through the relay, so messages between instances are
   * in flight when the JVM dies. Prints a marker once the job runs.
   */
  public static void main(String[] args) {
    Map<String, Object> properties = properties(args[0], args[1], args[2], args[3], args[4]);
    if (args.length > 5 && Integer.parseInt(args[5]) > 1) {
      properties.put("statefun.flink.parallelism", Integer.parseInt(args[5]));
      properties.put("restore-test.relay", "true");
    }
    run(properties);
    System.out.println(CrashRecoveryITCase.RUNNING_MARKER);
    System.out.flush();
  }
}
