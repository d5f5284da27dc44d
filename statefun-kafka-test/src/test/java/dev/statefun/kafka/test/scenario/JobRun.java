package dev.statefun.kafka.test.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.autoconfigure.StatefunJobLifecycle;
import dev.statefun.kafka.sdk.Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * A scenario as a real job: {@link ScenarioApplication} on a MiniCluster against a real broker,
 * exactly-once output read {@code read_committed}. A restart stops the job with a savepoint and
 * starts a new application on the same checkpoint directory.
 */
final class JobRun implements ScenarioRun {

  private static final String COMMANDS = "scenario-commands";
  private static final String OUT = "scenario-out";

  private final Map<String, Object> properties = new LinkedHashMap<>();
  private final KafkaProducer<String, String> producer;
  private final KafkaConsumer<String, String> consumer;
  private final List<String> lines = new ArrayList<>();
  private ConfigurableApplicationContext application;

  JobRun(EmbeddedKafkaBroker broker, Path checkpoints) {
    broker.addTopics(COMMANDS, OUT);
    properties.put("statefun.kafka.bootstrap-servers", broker.getBrokersAsString());
    properties.put("statefun.kafka.ingresses[0].id", "scenario/commands");
    properties.put("statefun.kafka.ingresses[0].consumer-group-id", "scenario");
    properties.put("statefun.kafka.ingresses[0].topics", COMMANDS);
    properties.put("statefun.kafka.ingresses[0].deserializer", "commandDeserializer");
    properties.put("statefun.kafka.ingresses[0].router", "commandRouter");
    properties.put("statefun.kafka.ingresses[0].startup-position.type", "earliest");
    properties.put("statefun.kafka.egresses[0].id", "scenario/out");
    properties.put("statefun.kafka.egresses[0].serializer", "lineSerializer");
    properties.put("statefun.kafka.egresses[0].delivery-semantic.type", "exactly-once");
    properties.put("statefun.kafka.egresses[0].delivery-semantic.transaction-timeout", "1m");
    properties.put("statefun.flink.application-id", "scenario");
    properties.put("statefun.flink.parallelism", 2);
    properties.put("statefun.flink.checkpoint-interval", "300ms");
    properties.put("statefun.flink.checkpoint-dir", checkpoints.toUri().toString());
    properties.put("scenario.output-topic", OUT);
    producer = new KafkaProducer<>(KafkaTestUtils.producerProps(broker.getBrokersAsString()),
        new StringSerializer(), new StringSerializer());
    Properties consumerProperties = new Properties();
    consumerProperties.putAll(KafkaTestUtils.consumerProps(broker.getBrokersAsString(), "reader-" + UUID.randomUUID()));
    consumerProperties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = new KafkaConsumer<>(consumerProperties, new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(OUT));
    start();
  }

  private void start() {
    application = new SpringApplicationBuilder(ScenarioApplication.class)
        .web(WebApplicationType.NONE)
        .properties(properties)
        .run();
  }

  private void stop() {
    application.getBean(StatefunJobLifecycle.class).stop();
    application.close();
  }

  @Override
  public void send(Address to, String command) {
    String value = to.type() + " " + to.id() + " " + command;
    try {
      producer.send(new ProducerRecord<>(COMMANDS, to.id(), value)).get();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot send " + value, e);
    }
  }

  @Override
  public void advanceTime(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void awaitLine(String line) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!lines.contains(line) && System.nanoTime() < deadline) {
      poll();
    }
    assertThat(lines).as("committed output lines").contains(line);
  }

  @Override
  public void restart() {
    stop();
    start();
  }

  @Override
  public List<String> lines(String idPrefix, int expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (ofPrefix(idPrefix).size() < expected && System.nanoTime() < deadline) {
      poll();
    }
    long quietEnd = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (System.nanoTime() < quietEnd) {
      poll();
    }
    return ofPrefix(idPrefix);
  }

  private List<String> ofPrefix(String idPrefix) {
    return lines.stream().filter(line -> ScenarioLines.ofPrefix(line, idPrefix)).toList();
  }

  private void poll() {
    consumer.poll(Duration.ofMillis(200)).forEach(record -> lines.add(record.value()));
  }

  @Override
  public void close() {
    try {
      stop();
    } finally {
      producer.close();
      consumer.close();
    }
  }
}
