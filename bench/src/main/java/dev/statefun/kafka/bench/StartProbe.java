package dev.statefun.kafka.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A/B of the statefun contender's start: builds (class paths) and JVM options side by side, interleaved on
 * one broker with the bench's workload waiting in {@code input}; per run, spawn → the first committed
 * record, then a {@code kill -9} (or, with {@code -Dgraceful}, SIGTERM, e.g. to let
 * {@code -XX:ArchiveClassesAtExit} write its archive). With {@code -Dfull} it also waits for all records and
 * prints the process' peak RSS. Logs go to a temporary directory it names.
 *
 * <pre>
 * java -cp bench/target/statefun-kafka-bench.jar dev.statefun.kafka.bench.StartProbe &lt;rounds&gt; &lt;records&gt; \
 *     'a=-Xmx1g|dirA/statefun-kafka-bench.jar' 'b=-Xmx1g -XX:SharedArchiveFile=app.jsa|dirA/statefun-kafka-bench.jar'
 * </pre>
 *
 * <p>A variant is {@code name=<JVM options>|<class path>}; without {@code |<class path>} it runs on this JVM's.
 */
public final class StartProbe {

  private static final int PARTITIONS = 4;
  private static final int KEYS = 10_000;
  private static final int VALUE_BYTES = 100;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private record Variant(String name, List<String> jvmOptions, String classPath) {
    static Variant parse(String text) {
      String[] named = text.split("=", 2);
      String[] optionsAndPath = named[1].split("\\|", 2);
      List<String> options = new ArrayList<>(List.of(optionsAndPath[0].trim().split(" +")));
      options.removeIf(String::isEmpty);
      return new Variant(named[0], options,
          optionsAndPath.length > 1 ? optionsAndPath[1] : System.getProperty("java.class.path"));
    }
  }

  public static void main(String[] argv) throws Exception {
    if (argv.length < 3) {
      System.err.println("usage: StartProbe <rounds> <records> <name=jvm options|class path>...");
      System.exit(2);
    }
    int rounds = Integer.parseInt(argv[0]);
    long records = Long.parseLong(argv[1]);
    List<Variant> variants = new ArrayList<>();
    for (int i = 2; i < argv.length; i++) {
      variants.add(Variant.parse(argv[i]));
    }
    Path work = Files.createTempDirectory("start-probe");
    System.out.println("logs in " + work);
    try (BrokerProcess broker = BrokerProcess.start(work.resolve("broker"), List.of("-Xmx1g"))) {
      preload(broker, work, records);
      List<List<Double>> seconds = new ArrayList<>();
      variants.forEach(variant -> seconds.add(new ArrayList<>()));
      for (int round = 0; round < rounds; round++) {
        for (int v = 0; v < variants.size(); v++) {
          double s = run(broker, work, variants.get(v), round, records);
          seconds.get(v).add(s);
          System.out.printf("%s round %d: start → first commit %.2f s%n", variants.get(v).name(), round, s);
        }
      }
      for (int v = 0; v < variants.size(); v++) {
        List<Double> sorted = new ArrayList<>(seconds.get(v));
        sorted.sort(null);
        System.out.printf("%s: median %.2f s, %s%n", variants.get(v).name(), sorted.get(sorted.size() / 2), sorted);
      }
    }
  }

  private static void preload(BrokerProcess broker, Path work, long records) throws Exception {
    broker.createTopics(PARTITIONS, "input");
    RunArgs args = new RunArgs(broker.bootstrapServers(), "-", "input", "preload", 1, Duration.ofSeconds(1), false,
        work.toString(), records, KEYS, VALUE_BYTES, 0);
    try (OutputVerifier input = new OutputVerifier(broker.bootstrapServers(), "input", KEYS, false);
        JvmProcess ingest = JvmProcess.start(List.of("-Xmx1g"), Ingest.class.getName(), args.toArgs(),
            work.resolve("preload.log"))) {
      while (input.received() < records) {
        input.poll();
      }
      ingest.kill();
    }
  }

  private static double run(BrokerProcess broker, Path work, Variant variant, int round, long records)
      throws Exception {
    String id = variant.name() + "-" + round;
    String output = "out-" + id;
    broker.createTopics(PARTITIONS, output);
    Path state = Files.createDirectories(work.resolve("state-" + id));
    RunArgs args = new RunArgs(broker.bootstrapServers(), "input", output, id, 2, Duration.ofSeconds(1), true,
        state.toString(), records, KEYS, VALUE_BYTES, 0);
    try (OutputVerifier verifier = new OutputVerifier(broker.bootstrapServers(), output, KEYS, true);
        JvmProcess app = JvmProcess.start(variant.jvmOptions(), variant.classPath(),
            StatefunCounterApp.class.getName(), args.toArgs(), work.resolve(id + ".log"))) {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (verifier.received() == 0 && System.nanoTime() < deadline && app.isAlive()) {
        verifier.poll();
      }
      if (verifier.received() == 0) {
        throw new IllegalStateException(id + " wrote nothing within " + TIMEOUT + "; see " + work.resolve(id + ".log"));
      }
      double seconds = (System.nanoTime() - app.spawnedNanos()) / 1e9;
      if (Boolean.getBoolean("full")) {
        while (verifier.received() < records && System.nanoTime() < deadline + TIMEOUT.toNanos()) {
          verifier.poll();
        }
        double all = (System.nanoTime() - app.spawnedNanos()) / 1e9;
        System.out.printf("%s: %,d records, start → all %.2f s (%,.0f records/s after the first commit), peak RSS %d MB%n",
            id, verifier.received(), all, records / (all - seconds), app.peakRss() >> 20);
      }
      if (Boolean.getBoolean("graceful")) {
        app.stopGracefully(60);
      } else {
        app.kill();
      }
      return seconds;
    }
  }
}
