package dev.statefun.kafka.ingress;

import static dev.statefun.kafka.ingress.IngressTestSupport.ingress;
import static dev.statefun.kafka.ingress.IngressTestSupport.positions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.statefun.kafka.runtime.KafkaProperties;
import dev.statefun.kafka.testing.TestApplications;
import dev.statefun.kafka.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every startup position and each of its fallbacks, against a real broker. One application
 * runs one ingress per scenario (each with its own topic and consumer group, so it also shows
 * several ingresses per application); each test checks the exact partition/offset set that
 * reached the function. Offsets of earlier consumers are prepared with the AdminClient.
 */
class StartupPositionITCase {

  static final TestBroker BROKER = TestBroker.start();
  static final IngressTestSupport KAFKA = new IngressTestSupport(BROKER);
  /** Records of the date topics are an hour old, one a second. */
  static final long BASE = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1)).toEpochMilli();
  static final DateTimeFormatter SEED_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SS 'Z'")
      .withZone(ZoneOffset.UTC);

  static final ListAppender<ILoggingEvent> OVERRIDES = new ListAppender<>();
  static ConfigurableApplicationContext app;

  @TempDir
  static Path checkpoints;

  @BeforeAll
  static void startOneIngressPerScenario() {
    Map<String, String> props = KAFKA.baseProperties("startup-positions", checkpoints);
    int i = 0;
    // group-offsets with committed offsets
    topic("go", 2, 5);
    KAFKA.commit("g-go", Map.of(new TopicPartition("go", 0), 3L, new TopicPartition("go", 1), 1L));
    plain(props, i++, "go", "g-go", "group-offsets", "latest");
    // group-offsets without committed offsets: the auto-reset position
    topic("go-none-earliest", 1, 4);
    plain(props, i++, "go-none-earliest", "g-go-none-earliest", null, "earliest");
    topic("go-none-latest", 1, 4);
    plain(props, i++, "go-none-latest", "g-go-none-latest", null, null);
    // earliest and latest ignore committed offsets
    topic("earliest", 2, 3);
    KAFKA.commit("g-earliest", Map.of(new TopicPartition("earliest", 0), 2L));
    plain(props, i++, "earliest", "g-earliest", "earliest", null);
    topic("latest", 1, 3);
    KAFKA.commit("g-latest", Map.of(new TopicPartition("latest", 0), 1L));
    plain(props, i++, "latest", "g-latest", "latest", "earliest");
    // specific offsets: in the map; absent with a committed offset; absent without one
    topic("specific", 3, 4);
    KAFKA.commit("g-specific", Map.of(new TopicPartition("specific", 1), 3L));
    plain(props, i, "specific", "g-specific", "specific-offsets", "earliest");
    props.put("statefun.kafka.ingresses[" + i++ + "].startup-position.offsets[specific/0]", "2");
    // specific offset past the end of its partition
    topic("past-earliest", 1, 4);
    plain(props, i, "past-earliest", "g-past-earliest", "specific-offsets", "earliest");
    props.put("statefun.kafka.ingresses[" + i++ + "].startup-position.offsets[past-earliest/0]", "100");
    topic("past-latest", 1, 4);
    plain(props, i, "past-latest", "g-past-latest", "specific-offsets", "latest");
    props.put("statefun.kafka.ingresses[" + i++ + "].startup-position.offsets[past-latest/0]", "100");
    // date, in the seed's documented format: records at BASE, BASE+1s, ...; the date is BASE+2.5s
    dated("date", 2);
    plain(props, i, "date", "g-date", "date", null);
    ingress(props, i++, "startup-position.date", SEED_DATE.format(Instant.ofEpochMilli(BASE + 2500)));
    // a date after the last record, in ISO-8601
    dated("date-after-earliest", 1);
    plain(props, i, "date-after-earliest", "g-date-after-earliest", "date", "earliest");
    ingress(props, i++, "startup-position.date", Instant.now().minus(Duration.ofMinutes(10)).toString());
    dated("date-after-latest", 1);
    plain(props, i, "date-after-latest", "g-date-after-latest", "date", "latest");
    ingress(props, i++, "startup-position.date", Instant.now().minus(Duration.ofMinutes(10)).toString());
    // named settings win over the same keys in properties
    topic("precedence", 1, 3);
    plain(props, i, "precedence", "g-precedence", "earliest", null);
    ingress(props, i++,
        "properties[group.id]", "wrong-group",
        "properties[bootstrap.servers]", "localhost:1",
        "properties[auto.offset.reset]", "none",
        "properties[max.poll.records]", "2");

    // Spring Boot sets up logging as the application starts: listen to the overrides after that
    app = IngressTestSupport.start(props, (ApplicationListener<ApplicationPreparedEvent>) event -> {
      OVERRIDES.start();
      ((Logger) LoggerFactory.getLogger(KafkaProperties.class)).addAppender(OVERRIDES);
    });
  }

  @AfterAll
  static void stopAppThenBroker() {
    ((Logger) LoggerFactory.getLogger(KafkaProperties.class)).detachAppender(OVERRIDES);
    if (app != null) {
      app.close();
    }
    BROKER.close();
  }

  @Test
  void groupOffsetsStartAtTheCommittedOffsetOfEachPartition() {
    List<String> expected = new ArrayList<>(positions("go", 0, 3, 5));
    expected.addAll(positions("go", 1, 1, 5));
    assertThat(KAFKA.lines("out-go", expected.size())).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void groupOffsetsWithoutACommittedOffsetFallBackToEarliest() {
    assertThat(KAFKA.lines("out-go-none-earliest", 4))
        .containsExactlyInAnyOrderElementsOf(positions("go-none-earliest", 0, 0, 4));
  }

  @Test
  void groupOffsetsWithoutACommittedOffsetFallBackToLatestByDefault() {
    assertReadsFromTheEndOnly("go-none-latest", 4);
  }

  @Test
  void earliestReadsEveryRecordWhateverTheGroupCommitted() {
    List<String> expected = new ArrayList<>(positions("earliest", 0, 0, 3));
    expected.addAll(positions("earliest", 1, 0, 3));
    assertThat(KAFKA.lines("out-earliest", 6)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void latestReadsOnlyNewRecordsWhateverTheGroupCommitted() {
    assertReadsFromTheEndOnly("latest", 3);
  }

  @Test
  void specificOffsetsStartAtTheGivenOffsetAndAbsentPartitionsTryTheGroupThenTheResetPosition() {
    List<String> expected = new ArrayList<>(positions("specific", 0, 2, 4)); // in the map
    expected.addAll(positions("specific", 1, 3, 4)); // absent: the group's committed offset
    expected.addAll(positions("specific", 2, 0, 4)); // absent, nothing committed: earliest
    assertThat(KAFKA.lines("out-specific", expected.size())).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void aSpecificOffsetPastTheEndFallsBackToEarliest() {
    assertThat(KAFKA.lines("out-past-earliest", 4))
        .containsExactlyInAnyOrderElementsOf(positions("past-earliest", 0, 0, 4));
  }

  @Test
  void aSpecificOffsetPastTheEndFallsBackToLatest() {
    assertReadsFromTheEndOnly("past-latest", 4);
  }

  @Test
  void dateStartsAtTheFirstRecordAtOrAfterItInEachPartition() {
    List<String> expected = new ArrayList<>(positions("date", 0, 3, 5));
    expected.addAll(positions("date", 1, 3, 5));
    assertThat(KAFKA.lines("out-date", expected.size())).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void aDateAfterTheLastRecordFallsBackToEarliest() {
    assertThat(KAFKA.lines("out-date-after-earliest", 5))
        .containsExactlyInAnyOrderElementsOf(positions("date-after-earliest", 0, 0, 5));
  }

  @Test
  void aDateAfterTheLastRecordFallsBackToLatest() {
    assertReadsFromTheEndOnly("date-after-latest", 5);
  }

  @Test
  void namedSettingsWinOverTheSameKeysInPropertiesAndEachOverrideIsLoggedOnce() {
    assertThat(KAFKA.lines("out-precedence", 3)).containsExactlyInAnyOrderElementsOf(positions("precedence", 0, 0, 3));
    await().atMost(IngressTestSupport.TIMEOUT).untilAsserted(() ->
        assertThat(BROKER.committedOffset("g-precedence", new TopicPartition("precedence", 0))).isEqualTo(3));
    assertThat(BROKER.committedOffset("wrong-group", new TopicPartition("precedence", 0))).isEqualTo(-1);
    List<String> overrides = OVERRIDES.list.stream().map(ILoggingEvent::getFormattedMessage)
        .filter(message -> message.contains("ingress test/precedence")).toList();
    assertThat(overrides).hasSize(3);
    assertThat(overrides).anyMatch(m -> m.contains("group.id") && m.contains("wrong-group") && m.contains("g-precedence"));
    assertThat(overrides).anyMatch(m -> m.contains("bootstrap.servers") && m.contains("localhost:1"));
    assertThat(overrides).anyMatch(m -> m.contains("auto.offset.reset") && m.contains("none") && m.contains("earliest"));
  }

  /**
   * A restored job continues from its snapshot whatever its startup position says; offsets reach
   * the group on completed checkpoints, so a fresh job with group-offsets resumes where the group is.
   * (On an idle partition the source commits up to 10 s late: flink-connector-kafka 5.0 polls with
   * a fixed 10 s timeout and runs the commit after the poll.)
   */
  @Test
  void offsetsAreCommittedOnCheckpointsAndARestoredJobIgnoresItsStartupPosition(@TempDir Path first,
      @TempDir Path second) {
    topic("resume", 1, 5);
    TopicPartition partition = new TopicPartition("resume", 0);
    Map<String, String> props = KAFKA.baseProperties("resume", first);
    plain(props, 0, "resume", "g-resume", "earliest", null);

    try (ConfigurableApplicationContext run = IngressTestSupport.start(props)) {
      assertThat(KAFKA.lines("out-resume", 5)).containsExactlyInAnyOrderElementsOf(positions("resume", 0, 0, 5));
    }
    KAFKA.write("resume", 0, 3);
    try (ConfigurableApplicationContext restored = IngressTestSupport.start(props)) {
      assertThat(TestApplications.runner(restored).restoredFrom()).isPresent();
      assertThat(KAFKA.lines("out-resume", 8)).containsExactlyInAnyOrderElementsOf(positions("resume", 0, 0, 8));
      await().atMost(IngressTestSupport.TIMEOUT)
          .untilAsserted(() -> assertThat(BROKER.committedOffset("g-resume", partition)).isEqualTo(8));
    }
    KAFKA.write("resume", 0, 2);
    Map<String, String> fresh = KAFKA.baseProperties("resume-fresh", second);
    plain(fresh, 0, "resume", "g-resume", "group-offsets", "earliest");
    try (ConfigurableApplicationContext resumed = IngressTestSupport.start(fresh)) {
      assertThat(TestApplications.runner(resumed).restoredFrom()).isEmpty();
      assertThat(KAFKA.lines("out-resume", 10)).containsExactlyInAnyOrderElementsOf(positions("resume", 0, 0, 10));
    }
  }

  /**
   * The ingress started at the end of the partition: none of the {@code before} records written
   * before the start arrives, and every record from the first one that arrived on does. The
   * reader takes the end some time after the job runs, so probe records go in until one arrives.
   */
  private static void assertReadsFromTheEndOnly(String topic, int before) {
    String out = "out-" + topic;
    long written = before;
    List<String> arrived = List.of();
    long deadline = System.nanoTime() + IngressTestSupport.TIMEOUT.toNanos();
    while (arrived.isEmpty() && System.nanoTime() < deadline) {
      KAFKA.write(topic, 0, 1);
      written++;
      arrived = BROKER.readCommitted(out, 1, Duration.ofSeconds(3), Duration.ZERO).stream()
          .map(r -> TestBroker.utf8(r.value())).toList();
    }
    assertThat(arrived).as("a probe record written after the start reached the function").isNotEmpty();
    long first = arrived.stream().mapToLong(IngressTestSupport::offsetOf).min().orElseThrow();
    KAFKA.write(topic, 0, 3);
    written += 3;
    assertThat(first).as("first offset read").isGreaterThanOrEqualTo(before);
    assertThat(KAFKA.lines(out, (int) (written - first)))
        .containsExactlyInAnyOrderElementsOf(positions(topic, 0, first, written));
  }

  private static void topic(String name, int partitions, int recordsPerPartition) {
    BROKER.createTopic(name, partitions);
    BROKER.createTopic("out-" + name, 1);
    for (int p = 0; p < partitions; p++) {
      KAFKA.write(name, p, recordsPerPartition);
    }
  }

  private static void dated(String name, int partitions) {
    BROKER.createTopic(name, partitions);
    BROKER.createTopic("out-" + name, 1);
    for (int p = 0; p < partitions; p++) {
      KAFKA.write(name, p, 5, BASE, 1000);
    }
  }

  private static void plain(Map<String, String> props, int index, String topic, String group, String startup,
      String autoReset) {
    ingress(props, index,
        "id", "test/" + topic,
        "consumer-group-id", group,
        "topics", topic,
        "deserializer", "positionDeserializer",
        "targets", "test/recorder");
    if (startup != null) {
      ingress(props, index, "startup-position.type", startup);
    }
    if (autoReset != null) {
      ingress(props, index, "auto-offset-reset-position", autoReset);
    }
  }
}
