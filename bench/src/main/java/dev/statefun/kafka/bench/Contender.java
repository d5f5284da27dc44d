package dev.statefun.kafka.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the harness runs, each in its own JVM against the same broker. */
enum Contender {
  PRODUCER("raw producer ingest (acks=all)", Ingest.class, false),
  TX_LOOP("kafka-clients transactional loop", TransactionalLoop.class, true),
  KAFKA_STREAMS("Kafka Streams exactly_once_v2", StreamsCounter.class, true),
  KAFKA_STREAMS_ALO("Kafka Streams at_least_once", StreamsCounter.class, false),
  FLINK("plain Flink exactly-once", FlinkCounter.class, true),
  STATEFUN("statefun-kafka exactly-once", StatefunCounterApp.class, true),
  STATEFUN_ALO("statefun-kafka at-least-once", StatefunCounterApp.class, false),
  REMOTE("statefun-kafka remote function (Java SDK over HTTP) exactly-once", RemoteCounterApp.class, true),
  /** Apache Flink StateFun 3.3.0's own runtime on Flink 1.16 against the same function server; see {@link Statefun33}. */
  STATEFUN33("Apache Flink StateFun 3.3.0 (Flink 1.16) remote function exactly-once", Statefun33.class, true);

  private final String description;
  private final Class<?> mainClass;
  private final boolean exactlyOnce;

  Contender(String description, Class<?> mainClass, boolean exactlyOnce) {
    this.description = description;
    this.mainClass = mainClass;
    this.exactlyOnce = exactlyOnce;
  }

  String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  String description() {
    return description;
  }

  Class<?> mainClass() {
    return mainClass;
  }

  /** Whether this contender writes transactionally (its output is read read_committed either way). */
  boolean exactlyOnce() {
    return exactlyOnce;
  }

  /** Whether this contender counts; the producer only writes the input format. */
  boolean counts() {
    return this != PRODUCER;
  }

  /** Whether this contender calls a function server ({@link RemoteCounterServer}) in a JVM of its own. */
  boolean remote() {
    return this == REMOTE || this == STATEFUN33;
  }

  /**
   * Whether the kill -9 probes and the latency runs take this contender: not StateFun 3.3, whose Kafka ingress hands
   * the function no record timestamp (no latency), and whose restart would need its own restore wiring.
   */
  boolean probed() {
    return this != STATEFUN33;
  }

  static List<Contender> parseList(String value) {
    List<Contender> list = new ArrayList<>();
    for (String name : value.split(",")) {
      String n = name.trim();
      if (n.isEmpty() || n.equals("none")) {
        continue;
      }
      try {
        list.add(valueOf(n.toUpperCase(Locale.ROOT).replace('-', '_')));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Unknown contender " + n + "; valid are " + java.util.Arrays.stream(values())
            .map(Contender::id).toList());
      }
    }
    return list;
  }
}
