package dev.statefun.kafka.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a contender's output with a {@code read_committed} consumer while it runs and checks it:
 * every key's counts arrive as 1, 2, ..., n with n its share of the workload, N records in all,
 * nothing more afterwards. Throughput comes from the output itself: records over the span of
 * their processing times; latency is the consume time minus the input record's timestamp.
 */
final class OutputVerifier implements AutoCloseable {

  /**
   * What a run produced; {@code problem} is null when it verified. {@code recordsPerSecond} is from the
   * processing times in the output; {@code firstSeenNanos} and {@code allSeenNanos} ({@link System#nanoTime()},
   * -1 if never) are when this reader saw the first committed record and the N-th, {@code recordsAtFirstSeen}
   * how many came with the first.
   */
  record Outcome(long records, double recordsPerSecond, long[] latenciesMillis, String problem, double wallSeconds,
      double cpuMicrosPerRecord, ThreadCpu.Window threads, long cpuRecords, Remote remote, long firstSeenNanos,
      long allSeenNanos, long recordsAtFirstSeen) {
    boolean verified() {
      return problem == null;
    }

    /** Records committed after the first commit, per second from seeing the first to seeing the N-th; NaN if not both. */
    double recordsPerSecondAfterFirstCommit() {
      return firstSeenNanos < 0 || allSeenNanos <= firstSeenNanos ? Double.NaN
          : (records - recordsAtFirstSeen) / ((allSeenNanos - firstSeenNanos) / 1e9);
    }

    /** Seconds from {@code startNanos} (a process' spawn) to seeing the first committed record; NaN if never. */
    double secondsToFirst(long startNanos) {
      return firstSeenNanos < 0 ? Double.NaN : (firstSeenNanos - startNanos) / 1e9;
    }

    /** Seconds from {@code startNanos} to seeing the N-th committed record; NaN if never. */
    double secondsToAll(long startNanos) {
      return allSeenNanos < 0 ? Double.NaN : (allSeenNanos - startNanos) / 1e9;
    }

    /** CPU µs/record by thread group over the same window as {@link #cpuMicrosPerRecord}; empty if not measured. */
    Map<String, Double> cpuByThread() {
      return threads == null || cpuRecords <= 0 ? Map.of() : threads.microsPerRecord(cpuRecords);
    }
  }

  /**
   * The function server's side of a remote run, over the same window as the CPU: requests and invocations it
   * served in it, the window's wall time, its CPU per record; and what it served in the whole run.
   */
  record Remote(FunctionServerProcess.Stats window, double windowSeconds, double serverCpuMicrosPerRecord,
      FunctionServerProcess.Stats total) {
    double requestsPerSecond() {
      return window.requests() / windowSeconds;
    }
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final int keys;
  private final boolean counts;
  private final long[] lastCount;
  private long received;
  private long firstProcessed = Long.MAX_VALUE;
  private long lastProcessed = Long.MIN_VALUE;
  private String problem;
  private double cpuAtFirst = -1;
  private Map<Long, ThreadCpu.Sample> threadsAtFirst;
  private long receivedAtFirst;
  private long nanosAtFirst;
  private double serverCpuAtFirst;
  private FunctionServerProcess.Stats serverAtFirst;
  private long firstSeenNanos = -1;
  private long recordsAtFirstSeen;
  private long watchFromEpochMillis = Long.MAX_VALUE;
  private long seenFromWatchNanos = -1;

  OutputVerifier(String bootstrapServers, String topic, int keys, boolean counts) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20000");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    this.consumer = new KafkaConsumer<>(props);
    List<TopicPartition> partitions = partitionsOf(topic);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.keys = keys;
    this.counts = counts;
    this.lastCount = new long[keys];
  }

  /** A topic created a moment ago may not be in the metadata yet. */
  private List<TopicPartition> partitionsOf(String topic) {
    for (int attempt = 0; attempt < 100; attempt++) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      if (!partitions.isEmpty()) {
        return partitions;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new IllegalStateException("Topic " + topic + " has no partitions");
  }

  /**
   * Reads until N records verified (then a grace period for strays), the deadline, or the process' death.
   * The process' CPU (in all and per thread, its threads grouped as {@code contender}'s) is measured from
   * the first output to the verification of the last; so are the function server's requests, invocations
   * and CPU when there is one ({@code server} may be null).
   */
  Outcome throughput(long expected, Duration timeout, JvmProcess process, Contender contender, Duration grace,
      FunctionServerProcess server) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (received < expected && problem == null && System.nanoTime() < deadline) {
      if (process != null && !process.isAlive()) {
        return failed("the contender died; see " + process.log() + "\n" + process.tail(), start);
      }
      if (server != null && !server.process().isAlive()) {
        return failed("the function server died; see " + server.process().log() + "\n" + server.process().tail(),
            start);
      }
      poll();
      if (cpuAtFirst < 0 && received > 0 && process != null) {
        cpuAtFirst = process.cpuSeconds();
        threadsAtFirst = process.threadCpu();
        receivedAtFirst = received;
        nanosAtFirst = System.nanoTime();
        if (server != null) {
          serverCpuAtFirst = server.process().cpuSeconds();
          serverAtFirst = server.stats();
        }
      }
    }
    long verifiedAt = System.nanoTime();
    Remote remote = null;
    if (server != null && serverAtFirst != null && received > receivedAtFirst) {
      FunctionServerProcess.Stats total = server.stats();
      remote = new Remote(total.minus(serverAtFirst), (verifiedAt - nanosAtFirst) / 1e9,
          (server.process().cpuSeconds() - serverCpuAtFirst) * 1e6 / (received - receivedAtFirst), total);
    }
    boolean measured = process != null && cpuAtFirst >= 0 && received > receivedAtFirst;
    double cpuPerRecord = !measured ? -1 : (process.cpuSeconds() - cpuAtFirst) * 1e6 / (received - receivedAtFirst);
    ThreadCpu.Window threads = !measured || threadsAtFirst.isEmpty() ? null
        : ThreadCpu.between(threadsAtFirst, process.threadCpu(), contender);
    long allSeen = received >= expected ? verifiedAt : -1;
    checkComplete(expected, timeout, grace);
    double span = Math.max(1, lastProcessed - firstProcessed) / 1000.0;
    return new Outcome(received, problem == null ? (received - 1) / span : 0, new long[0], problem,
        (verifiedAt - start) / 1e9, cpuPerRecord, threads, measured ? received - receivedAtFirst : 0, remote,
        firstSeenNanos, allSeen, recordsAtFirstSeen);
  }

  /** One poll of up to 200 ms; notes when the first committed record arrived. */
  void poll() {
    accept(consumer.poll(Duration.ofMillis(200)), null, 0);
    if (firstSeenNanos < 0 && received > 0) {
      firstSeenNanos = System.nanoTime();
      recordsAtFirstSeen = received;
    }
  }

  /**
   * From now on notes when the first record arrives that was processed at or after {@code epochMillis}
   * (by the output's processing time): the first committed output of a process spawned then.
   */
  void watchFrom(long epochMillis) {
    watchFromEpochMillis = epochMillis;
    seenFromWatchNanos = -1;
  }

  /** {@link System#nanoTime()} when the record {@link #watchFrom} waits for arrived; -1 until then. */
  long seenFromWatchNanos() {
    return seenFromWatchNanos;
  }

  long received() {
    return received;
  }

  /** Why the output is wrong so far, or null. */
  String problem() {
    return problem;
  }

  /**
   * After the reading: {@code grace} more for strays, then exactly N records and every key at its full count
   * (else {@link #problem()} says what is wrong); the outcome of a run driven by {@link #poll()}, its
   * records/s from the processing times.
   */
  Outcome finish(long expected, Duration timeout, Duration grace, long startNanos) {
    long allSeen = received >= expected ? System.nanoTime() : -1;
    checkComplete(expected, timeout, grace);
    double span = Math.max(1, lastProcessed - firstProcessed) / 1000.0;
    return new Outcome(received, problem == null ? (received - 1) / span : 0, new long[0], problem,
        (System.nanoTime() - startNanos) / 1e9, -1, null, 0, null, firstSeenNanos, allSeen, recordsAtFirstSeen);
  }

  private void checkComplete(long expected, Duration timeout, Duration grace) {
    long graceEnd = System.nanoTime() + grace.toNanos();
    while (problem == null && System.nanoTime() < graceEnd) {
      accept(consumer.poll(Duration.ofMillis(200)), null, 0);
    }
    if (problem == null && received != expected) {
      problem = received < expected
          ? "only " + received + " of " + expected + " records within " + timeout
          : received + " records, " + (received - expected) + " more than " + expected;
    }
    if (problem == null) {
      for (int k = 0; k < keys; k++) {
        long want = Workload.expectedCount(expected, keys, k);
        if (lastCount[k] != want) {
          problem = "key k" + k + " counted to " + lastCount[k] + ", expected " + want;
          break;
        }
      }
    }
  }

  /**
   * Latencies of the records whose input was written from {@code warmup} after the first output
   * on, for {@code duration}; the counts seen so far are checked as in a throughput run.
   */
  Outcome latency(Duration warmup, Duration duration, Duration timeout, JvmProcess process, JvmProcess producer) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    LatencyWindow window = new LatencyWindow(warmup.toMillis(), duration.toMillis());
    while (problem == null && !window.complete() && System.nanoTime() < deadline) {
      if (!process.isAlive() || !producer.isAlive()) {
        JvmProcess dead = process.isAlive() ? producer : process;
        return failed("a process died; see " + dead.log() + "\n" + dead.tail(), start);
      }
      accept(consumer.poll(Duration.ofMillis(50)), window, System.currentTimeMillis());
    }
    if (problem == null && !window.complete()) {
      problem = "the latency window did not complete within " + timeout + " (" + received + " records)";
    }
    return new Outcome(received, 0, window.latencies(), problem, (System.nanoTime() - start) / 1e9, -1, null, 0, null,
        firstSeenNanos, -1, recordsAtFirstSeen);
  }

  private Outcome failed(String why, long start) {
    problem = why;
    return new Outcome(received, 0, new long[0], why, (System.nanoTime() - start) / 1e9, -1, null, 0, null,
        firstSeenNanos, -1, recordsAtFirstSeen);
  }

  private void accept(ConsumerRecords<byte[], byte[]> records, LatencyWindow window, long now) {
    for (ConsumerRecord<byte[], byte[]> record : records) {
      received++;
      int key = Workload.keyIndex(record.key());
      if (key < 0 || key >= keys) {
        problem = "unexpected key " + Arrays.toString(record.key());
        return;
      }
      long processedAt;
      if (counts) {
        if (record.value() == null || record.value().length != Workload.OUTPUT_VALUE_BYTES) {
          problem = "a value of " + (record.value() == null ? "null" : record.value().length + " bytes");
          return;
        }
        ByteBuffer value = ByteBuffer.wrap(record.value());
        long count = value.getLong();
        long inputTimestamp = value.getLong();
        processedAt = value.getLong();
        if (count != lastCount[key] + 1) {
          problem = "key k" + key + " counted " + count + " after " + lastCount[key]
              + " (a duplicate, a loss or a reordering) at " + record.topic() + "-" + record.partition() + "@"
              + record.offset();
          return;
        }
        lastCount[key] = count;
        if (processedAt >= watchFromEpochMillis && seenFromWatchNanos < 0) {
          seenFromWatchNanos = System.nanoTime();
        }
        if (window != null) {
          window.add(inputTimestamp, now);
        }
      } else {
        lastCount[key]++;
        processedAt = record.timestamp();
      }
      firstProcessed = Math.min(firstProcessed, processedAt);
      lastProcessed = Math.max(lastProcessed, processedAt);
    }
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }

  /** Collects latencies of inputs written within [first output + warmup, + duration). */
  private static final class LatencyWindow {
    /** Inputs of the window still arriving this long after its end are counted; later ones are not. */
    private static final long DRAIN_MILLIS = 5000;
    private final long warmup;
    private final long duration;
    private long from = -1;
    private final List<Long> latencies = new ArrayList<>();
    private boolean complete;

    LatencyWindow(long warmup, long duration) {
      this.warmup = warmup;
      this.duration = duration;
    }

    void add(long inputTimestamp, long now) {
      if (from < 0) {
        from = now + warmup;
      }
      if (now >= from + duration + DRAIN_MILLIS) {
        complete = true;
      } else if (inputTimestamp >= from && inputTimestamp < from + duration) {
        latencies.add(now - inputTimestamp);
      }
    }

    boolean complete() {
      return complete;
    }

    long[] latencies() {
      return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    }
  }
}
