package dev.statefun.kafka.ingress;

import static dev.statefun.kafka.ingress.IngressTestSupport.ingress;
import static dev.statefun.kafka.ingress.IngressTestSupport.positions;
import static dev.statefun.kafka.testing.TestBroker.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.statefun.kafka.autoconfigure.StatefunJobLifecycle;
import dev.statefun.kafka.runtime.ingress.PoisonRecords;
import dev.statefun.kafka.runtime.ingress.PoisonRecords.PoisonRecordException;
import dev.statefun.kafka.testing.TestApplications;
import dev.statefun.kafka.testing.TestBroker;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Records an ingress cannot read, each kind under each {@code on-deserialization-error} policy:
 * a deserializer that throws (on a targets ingress and on a router ingress), a record without a
 * key on a targets topic and on a routable topic, a tombstone on a routable topic, and a value
 * its type cannot read. One application runs the skip and dead-letter ingresses; every
 * fail case runs its own application, as the first poison record ends its job.
 */
class PoisonRecordITCase {

  static final TestBroker BROKER = TestBroker.start();
  static final IngressTestSupport KAFKA = new IngressTestSupport(BROKER);
  static final String GREETING = IngressTestApplication.Greeting.class.getName();
  static final String ROUTED_OUT = "routed-out-poison";
  static final String DEAD_LETTERS = "dead-letters";

  static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();
  static ConfigurableApplicationContext app;

  @TempDir
  static Path checkpoints;

  @BeforeAll
  static void startSkipAndDeadLetterIngresses() {
    BROKER.createTopic(ROUTED_OUT, 1);
    BROKER.createTopic(DEAD_LETTERS, 1);
    Map<String, String> props = KAFKA.baseProperties("poison", checkpoints);
    props.put("test.routed-out", ROUTED_OUT);
    int i = 0;
    for (String policy : List.of("skip", "dead-letter")) {
      writePlain(policy + "-plain");
      common(props, i, policy + "-plain", policy);
      ingress(props, i++, "topics", policy + "-plain", "deserializer", "positionDeserializer", "targets", "test/recorder");

      writeRouter(policy + "-router");
      common(props, i, policy + "-router", policy);
      ingress(props, i++, "topics", policy + "-router", "deserializer", "positionDeserializer", "router", "positionRouter");

      writeRoutable(policy + "-routable");
      common(props, i, policy + "-routable", policy);
      ingress(props, i++, "topics[0].topic", policy + "-routable", "topics[0].value-type", GREETING,
          "topics[0].targets", "test/recorder");
    }
    app = IngressTestSupport.start(props, (ApplicationListener<ApplicationPreparedEvent>) event -> {
      LOG.start();
      ((Logger) LoggerFactory.getLogger(PoisonRecords.class)).addAppender(LOG);
    });
  }

  @AfterAll
  static void stopAppThenBroker() {
    ((Logger) LoggerFactory.getLogger(PoisonRecords.class)).detachAppender(LOG);
    if (app != null) {
      app.close();
    }
    BROKER.close();
  }

  @Test
  void skipLogsAndDropsEachPoisonRecordAndEveryGoodRecordArrives() {
    assertThat(KAFKA.lines("out-skip-plain", 2)).containsExactlyInAnyOrder("skip-plain/0@0", "skip-plain/0@4");
    assertThat(KAFKA.lines("out-skip-router", 3))
        .containsExactlyInAnyOrderElementsOf(List.of("skip-router/0@0", "skip-router/0@2", "skip-router/0@3"));
    assertThat(KAFKA.lines(ROUTED_OUT, 4)).filteredOn(line -> line.contains("skip-"))
        .containsExactlyInAnyOrder("test/recorder|a|Greeting:skip-0", "test/recorder|e|Greeting:skip-4");

    await().atMost(IngressTestSupport.TIMEOUT).untilAsserted(() -> assertThat(skipped()).containsExactlyInAnyOrder(
        "skip-plain/0@1", "skip-plain/0@2", "skip-router/0@1",
        "skip-routable/0@1", "skip-routable/0@2", "skip-routable/0@3"));
    assertThat(LOG.list).noneMatch(event -> event.getFormattedMessage().contains("skip-plain/0@3"));
  }

  @Test
  void deadLetterWritesEachPoisonRecordRawWithErrorHeadersAndEveryGoodRecordArrives() {
    assertThat(KAFKA.lines("out-dead-letter-plain", 2))
        .containsExactlyInAnyOrder("dead-letter-plain/0@0", "dead-letter-plain/0@4");
    assertThat(KAFKA.lines("out-dead-letter-router", 3)).containsExactlyInAnyOrderElementsOf(
        List.of("dead-letter-router/0@0", "dead-letter-router/0@2", "dead-letter-router/0@3"));
    assertThat(KAFKA.lines(ROUTED_OUT, 4)).filteredOn(line -> line.contains("dead-letter-"))
        .containsExactlyInAnyOrder("test/recorder|a|Greeting:dead-letter-0", "test/recorder|e|Greeting:dead-letter-4");

    List<ConsumerRecord<byte[], byte[]>> letters = BROKER.read(DEAD_LETTERS, "read_uncommitted", 6,
        IngressTestSupport.TIMEOUT, IngressTestSupport.QUIET);
    Map<String, ConsumerRecord<byte[], byte[]>> byPosition = new HashMap<>();
    letters.forEach(letter -> byPosition.put(header(letter, PoisonRecords.HEADER_ORIGINAL_TOPIC) + "/"
        + header(letter, PoisonRecords.HEADER_ORIGINAL_PARTITION) + "@"
        + header(letter, PoisonRecords.HEADER_ORIGINAL_OFFSET), letter));
    assertThat(byPosition.keySet()).containsExactlyInAnyOrder(
        "dead-letter-plain/0@1", "dead-letter-plain/0@2", "dead-letter-router/0@1",
        "dead-letter-routable/0@1", "dead-letter-routable/0@2", "dead-letter-routable/0@3");
    assertThat(letters).hasSize(6);

    ConsumerRecord<byte[], byte[]> thrown = byPosition.get("dead-letter-plain/0@1");
    assertThat(utf8(thrown.key())).isEqualTo("k1");
    assertThat(utf8(thrown.value())).isEqualTo("poison");
    assertThat(header(thrown, "origin")).isEqualTo("test");
    assertThat(header(thrown, PoisonRecords.HEADER_EXCEPTION_FQCN)).isEqualTo(IllegalStateException.class.getName());
    assertThat(header(thrown, PoisonRecords.HEADER_EXCEPTION_MESSAGE)).contains("cannot read the value 'poison'");
    assertThat(header(thrown, PoisonRecords.HEADER_INGRESS)).isEqualTo("test/dead-letter-plain");

    ConsumerRecord<byte[], byte[]> keyless = byPosition.get("dead-letter-routable/0@1");
    assertThat(keyless.key()).isNull();
    assertThat(utf8(keyless.value())).isEqualTo("{\"text\":\"dead-letter-1\"}");
    assertThat(header(keyless, PoisonRecords.HEADER_EXCEPTION_MESSAGE)).contains("without a key");

    ConsumerRecord<byte[], byte[]> tombstone = byPosition.get("dead-letter-routable/0@2");
    assertThat(utf8(tombstone.key())).isEqualTo("c");
    assertThat(tombstone.value()).isNull();
    assertThat(header(tombstone, PoisonRecords.HEADER_EXCEPTION_MESSAGE)).contains("tombstone");

    ConsumerRecord<byte[], byte[]> unreadable = byPosition.get("dead-letter-routable/0@3");
    assertThat(utf8(unreadable.value())).isEqualTo("not json");
    assertThat(header(unreadable, PoisonRecords.HEADER_INGRESS)).isEqualTo("test/dead-letter-routable");
  }

  /**
   * Under {@code fail} the job fails on the poison record and stays failed: the restart strategy
   * here would restart it for minutes, so reaching FAILED shows it never loops on the record.
   */
  @ParameterizedTest
  @ValueSource(strings = {"deserializer-throws", "no-key", "tombstone", "unreadable"})
  void failEndsTheJobOnThePoisonRecordWithoutRestarting(String kind, @TempDir Path dir) throws Exception {
    String topic = "fail-" + kind;
    Map<String, String> props = KAFKA.baseProperties(topic, dir);
    props.put("statefun.flink.restart-strategy.attempts", "100000");
    props.put("statefun.flink.restart-strategy.delay", "100ms");
    common(props, 0, topic, "fail");
    String poisonAt;
    if (kind.equals("deserializer-throws")) {
      writePlain(topic);
      ingress(props, 0, "topics", topic, "deserializer", "positionDeserializer", "targets", "test/recorder");
      poisonAt = topic + "/0@1";
    } else {
      writeRoutable(topic);
      ingress(props, 0, "topics[0].topic", topic, "topics[0].value-type", GREETING, "topics[0].targets", "test/recorder");
      poisonAt = topic + "/0@" + switch (kind) {
        case "no-key" -> 1;
        case "tombstone" -> 2;
        default -> 3;
      };
      // start right at the poison record of this kind, past the ones before it
      if (kind.equals("tombstone")) {
        KAFKA.commit("g-" + topic, Map.of(new TopicPartition(topic, 0), 2L));
        ingress(props, 0, "startup-position.type", "group-offsets");
      } else if (kind.equals("unreadable")) {
        ingress(props, 0, "startup-position.type", "specific-offsets");
        props.put("statefun.kafka.ingresses[0].startup-position.offsets[" + topic + "/0]", "3");
      }
    }
    try (ConfigurableApplicationContext failing = IngressTestSupport.start(props)) {
      StatefunJobLifecycle job = TestApplications.job(failing);
      await().atMost(IngressTestSupport.TIMEOUT)
          .until(() -> job.jobStatus().orElse(JobStatus.RUNNING) == JobStatus.FAILED);
      await().atMost(IngressTestSupport.TIMEOUT).until(() -> job.runner().orElseThrow().failure().isPresent());
      Optional<Throwable> failure = job.runner().orElseThrow().failure();
      assertThat(failure).isPresent();
      Optional<PoisonRecordException> poison = ExceptionUtils.findThrowable(failure.get(), PoisonRecordException.class);
      assertThat(poison).as("failure %s", failure.get()).isPresent();
      assertThat(poison.get().getMessage()).contains("test/" + topic).contains(poisonAt).contains("fail");
    }
  }

  private static List<String> skipped() {
    return LOG.list.stream().map(ILoggingEvent::getFormattedMessage)
        .filter(message -> message.contains(" skips the record at "))
        .map(message -> message.substring(message.indexOf(" skips the record at ") + 21).split(" ")[0])
        .toList();
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : utf8(header.value());
  }

  private static void common(Map<String, String> props, int index, String topic, String policy) {
    ingress(props, index, "id", "test/" + topic, "consumer-group-id", "g-" + topic,
        "startup-position.type", "earliest", "on-deserialization-error", policy);
    if (policy.equals("dead-letter")) {
      ingress(props, index, "dead-letter-topic", DEAD_LETTERS);
    }
  }

  /** 0 good, 1 the deserializer throws, 2 no key, 3 the deserializer skips, 4 good. */
  private static void writePlain(String topic) {
    BROKER.createTopic(topic, 1);
    BROKER.createTopic("out-" + topic, 1);
    ProducerRecord<byte[], byte[]> poison = new ProducerRecord<>(topic, 0, utf8("k1"), utf8("poison"));
    poison.headers().add(new RecordHeader("origin", utf8("test")));
    send(new ProducerRecord<>(topic, 0, utf8("k0"), utf8("v0")), poison,
        new ProducerRecord<>(topic, 0, null, utf8("v2")),
        new ProducerRecord<>(topic, 0, utf8("k3"), utf8("skip-me")),
        new ProducerRecord<>(topic, 0, utf8("k4"), utf8("v4")));
  }

  /** 0 good, 1 the deserializer throws, 2 good, 3 good without a key (a router needs none). */
  private static void writeRouter(String topic) {
    BROKER.createTopic(topic, 1);
    BROKER.createTopic("out-" + topic, 1);
    send(new ProducerRecord<>(topic, 0, utf8("k0"), utf8("v0")),
        new ProducerRecord<>(topic, 0, utf8("k1"), utf8("poison")),
        new ProducerRecord<>(topic, 0, utf8("k2"), utf8("v2")),
        new ProducerRecord<>(topic, 0, null, utf8("v3")));
  }

  /** 0 good, 1 no key, 2 tombstone, 3 not JSON, 4 good. */
  private static void writeRoutable(String topic) {
    BROKER.createTopic(topic, 1);
    String prefix = topic.replace("-routable", "");
    send(new ProducerRecord<>(topic, 0, utf8("a"), utf8("{\"text\":\"" + prefix + "-0\"}")),
        new ProducerRecord<>(topic, 0, null, utf8("{\"text\":\"" + prefix + "-1\"}")),
        new ProducerRecord<>(topic, 0, utf8("c"), null),
        new ProducerRecord<>(topic, 0, utf8("d"), utf8("not json")),
        new ProducerRecord<>(topic, 0, utf8("e"), utf8("{\"text\":\"" + prefix + "-4\"}")));
  }

  @SafeVarargs
  private static void send(ProducerRecord<byte[], byte[]>... records) {
    try (var producer = BROKER.producer()) {
      for (ProducerRecord<byte[], byte[]> record : records) {
        producer.send(record);
      }
      producer.flush();
    }
  }
}
