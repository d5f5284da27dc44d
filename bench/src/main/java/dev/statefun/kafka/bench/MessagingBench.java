package dev.statefun.kafka.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Messages between functions of different parallel instances, for builds of the library side by
 * side ({@link StatefunMessagingApp}, one JVM per run, interleaved): each input causes {@code
 * --hops} hops, every one to an address of the other instance, parallelism 2, exactly-once egress.
 *
 * <ol>
 *   <li><b>Hop latency</b>: inputs at {@code --rate} per second for {@code --seconds} after 5 s of
 *       warm-up; every hop's send-to-receive time, measured in the job, p50 / p99 / max.
 *   <li><b>Throughput</b>: then {@code --burst} inputs at once; records/s = inputs / (last − first
 *       output's processing time), hops/s = that × hops; burst records/s = inputs / (last output's
 *       processing time − first input's timestamp), which also counts the time the first chain takes.
 * </ol>
 *
 * <p>Every run is verified: each input's chain is in the read_committed output once. {@code
 * --variant name=<class path>} (repeatable) names the builds; results go to {@code
 * bench/results/messaging-<date>.json}.
 */
public final class MessagingBench {

  public static void main(String[] argv) throws Exception {
    Map<String, String> variants = new LinkedHashMap<>();
    Map<String, String> options = new HashMap<>(Map.of("hops", "4", "rate", "250", "seconds", "20", "burst", "20000",
        "rounds", "2", "checkpoint-interval", "1000", "parallelism", "2"));
    for (int i = 0; i < argv.length; i += 2) {
      String name = argv[i].substring(2);
      if (name.equals("variant")) {
        String[] variant = argv[i + 1].split("=", 2);
        variants.put(variant[0], variant[1]);
      } else {
        options.put(name, argv[i + 1]);
      }
    }
    if (variants.isEmpty()) {
      variants.put("this", System.getProperty("java.class.path"));
    }
    String date = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path work = Path.of("bench", "target", "work", "messaging-" + date).toAbsolutePath();
    List<Map<String, Object>> runs = new ArrayList<>();
    try (BrokerProcess broker = BrokerProcess.start(work.resolve("broker"), List.of("-Xmx512m"))) {
      List<String> order = new ArrayList<>(variants.keySet());
      for (int round = 1; round <= Integer.parseInt(options.get("rounds")); round++) {
        for (String variant : order) {
          runs.add(run(broker, variant, variants.get(variant), round, options, work));
        }
        order.add(order.remove(0));
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("date", date);
    result.put("options", options);
    result.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
        "loadAverage", Files.readString(Path.of("/proc/loadavg")).trim()));
    result.put("runs", runs);
    Path out = Path.of("bench", "results", "messaging-" + date + ".json");
    Files.createDirectories(out.getParent());
    JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(out.toFile(), result);
    System.out.printf("%n%-10s %5s %12s %10s %14s %12s %12s %12s %10s%n", "variant", "round", "records/s", "hops/s",
        "burst rec/s", "hop p50 ms", "hop p99 ms", "hop max ms", "verified");
    for (Map<String, Object> run : runs) {
      System.out.printf("%-10s %5s %12.0f %10.0f %14.0f %12.2f %12.2f %12.2f %10s%n", run.get("variant"), run.get("round"),
          run.get("recordsPerSecond"), run.get("hopsPerSecond"), run.get("burstRecordsPerSecond"), run.get("hopP50Ms"),
          run.get("hopP99Ms"), run.get("hopMaxMs"), run.get("verified"));
    }
    System.out.println("Written to " + out);
  }

  private static Map<String, Object> run(BrokerProcess broker, String variant, String classPath, int round,
      Map<String, String> options, Path work) throws Exception {
    String runId = variant + "-" + round + "-" + System.nanoTime() % 100000;
    String in = "messaging-in-" + runId;
    String out = "messaging-out-" + runId;
    broker.createTopics(4, in, out);
    int hops = Integer.parseInt(options.get("hops"));
    Path dir = work.resolve(runId);
    Files.createDirectories(dir);
    System.out.printf("%s round %d: starting%n", variant, round);
    try (JvmProcess app = JvmProcess.start(List.of("-Xmx1g"), classPath, StatefunMessagingApp.class.getName(),
        List.of(broker.bootstrapServers(), in, out, runId, options.get("parallelism"), options.get("checkpoint-interval"),
            dir.toString(), Integer.toString(hops)), dir.resolve("app.log"))) {
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (!app.logContains("DONE")) {
        if (!app.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(variant + " did not start:\n" + app.tail());
        }
        Thread.sleep(200);
      }
      int rate = Integer.parseInt(options.get("rate"));
      int warmUp = rate * 5;
      int measured = rate * Integer.parseInt(options.get("seconds"));
      int burst = Integer.parseInt(options.get("burst"));
      try (KafkaProducer<byte[], byte[]> producer = producer(broker)) {
        long period = 1_000_000_000L / rate;
        long next = System.nanoTime();
        for (int i = 0; i < warmUp + measured; i++) {
          LockSupport.parkNanos(next - System.nanoTime());
          next += period;
          producer.send(new ProducerRecord<>(in, null, System.currentTimeMillis(), ("l" + i).getBytes(UTF_8), new byte[0]));
        }
        producer.flush();
        for (int i = 0; i < burst; i++) {
          producer.send(new ProducerRecord<>(in, null, System.currentTimeMillis(), ("b" + i).getBytes(UTF_8), new byte[0]));
        }
      }
      Map<String, long[]> chains = readChains(broker, out, warmUp + measured + burst, hops);
      List<Long> hopMicros = new ArrayList<>();
      long firstBurst = Long.MAX_VALUE;
      long lastBurst = Long.MIN_VALUE;
      long firstBurstInput = Long.MAX_VALUE;
      for (Map.Entry<String, long[]> chain : chains.entrySet()) {
        String key = chain.getKey();
        long[] values = chain.getValue();
        if (key.startsWith("l") && Integer.parseInt(key.substring(1)) >= warmUp) {
          for (int h = 2; h < values.length; h++) {
            hopMicros.add(values[h]);
          }
        } else if (key.startsWith("b")) {
          firstBurst = Math.min(firstBurst, values[1]);
          lastBurst = Math.max(lastBurst, values[1]);
          firstBurstInput = Math.min(firstBurstInput, values[0]);
        }
      }
      long[] sorted = hopMicros.stream().mapToLong(Long::longValue).sorted().toArray();
      double recordsPerSecond = burst * 1000.0 / Math.max(1, lastBurst - firstBurst);
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("variant", variant);
      run.put("round", round);
      run.put("verified", chains.size() == warmUp + measured + burst);
      run.put("recordsPerSecond", recordsPerSecond);
      run.put("hopsPerSecond", recordsPerSecond * hops);
      run.put("burstRecordsPerSecond", burst * 1000.0 / Math.max(1, lastBurst - firstBurstInput));
      run.put("hopsMeasured", sorted.length);
      run.put("hopP50Ms", percentile(sorted, 0.50) / 1000.0);
      run.put("hopP99Ms", percentile(sorted, 0.99) / 1000.0);
      run.put("hopMaxMs", sorted.length == 0 ? 0.0 : sorted[sorted.length - 1] / 1000.0);
      run.put("loadAverage", Files.readString(Path.of("/proc/loadavg")).trim());
      System.out.printf("%s round %d: %s%n", variant, round, run);
      return run;
    }
  }

  /** The chains in the read_committed output, by input key: input ts, processed at, hop µs...; fails on a repeat. */
  private static Map<String, long[]> readChains(BrokerProcess broker, String topic, int expected, int hops) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "verify-" + topic);
    Map<String, long[]> chains = new HashMap<>();
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      while (chains.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          long[] values = Arrays.stream(new String(record.value(), UTF_8).split(",")).mapToLong(Long::parseLong).toArray();
          if (values.length != hops + 2 || chains.put(new String(record.key(), UTF_8), values) != null) {
            throw new IllegalStateException("A chain came out twice or malformed: " + new String(record.value(), UTF_8));
          }
        }
      }
    }
    return chains;
  }

  private static KafkaProducer<byte[], byte[]> producer(BrokerProcess broker) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static double percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }
}
