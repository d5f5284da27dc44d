package dev.statefun.kafka.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The command line of {@link Bench}; every workload parameter is a flag. */
record BenchOptions(
    long records,
    int valueBytes,
    int keys,
    int partitions,
    int parallelism,
    Duration checkpointInterval,
    int rounds,
    List<Contender> contenders,
    int latencyRate,
    Duration latencyDuration,
    Duration latencyWarmup,
    String jvmOptions,
    String brokerJvmOptions,
    Duration runTimeout,
    Path resultsDir,
    Path workDir,
    List<Contender> profile,
    long remoteRecords,
    int remoteServerThreads,
    int recoveryProbes,
    Duration recoveryKillWindow,
    long recoverySeed) {

  static final String USAGE = """
      Usage: java -jar bench/target/statefun-kafka-bench.jar [flags]
        --records N              records in the workload (2000000)
        --value-bytes N          bytes per input value (100)
        --keys N                 distinct keys (10000)
        --partitions N           partitions of every topic (4)
        --parallelism N          parallelism / threads of every contender (2)
        --checkpoint-interval D  checkpoint = commit interval, e.g. 1s, 100ms (1s)
        --rounds N               interleaved rounds; medians are reported (3)
        --contenders a,b,...     subset of %s (all)
        --latency-rate N         records/s for the latency runs; 0 skips them (2000)
        --latency-duration D     measured part of each latency run (20s)
        --latency-warmup D       from the first output to the measured part: the backlog the input built up
                                 while the contender started must be gone by then (5s)
        --jvm-opts "..."         JVM options of every contender (-Xmx1g)
        --broker-jvm-opts "..."  JVM options of the broker (-Xmx1g -Xms1g)
        --run-timeout D          a run that has not verified by then fails (10m)
        --results DIR            where the JSON goes (bench/results)
        --work-dir DIR           broker data, checkpoints, logs (bench/target/work)
        --profile a,b,...        record a JFR profile of these contenders (none); for remote also of its
                                 function server
        --remote-records N       records in the remote contender's workload, its own input topic (200000)
        --remote-server-threads N  handler threads of the remote contender's function server; 0 runs
                           the handler on the JDK HttpServer's dispatcher thread (0)
        --recovery-probes N      kill -9 probes per exactly-once counting contender; 0 skips them (1)
        --recovery-kill-window D a probe kills at a random moment within this after the first committed
                                 record, or once 3/4 of the records are out if that comes first (2s)
        --recovery-seed N        seed of the kill moments (random; printed and in the JSON)
      """.formatted(Arrays.toString(Contender.values()).toLowerCase().replace('_', '-'));

  static BenchOptions parse(String[] args) {
    long records = 2_000_000;
    int valueBytes = 100;
    int keys = 10_000;
    int partitions = 4;
    int parallelism = 2;
    Duration interval = Duration.ofSeconds(1);
    int rounds = 3;
    List<Contender> contenders = List.of(Contender.values());
    int latencyRate = 2000;
    Duration latencyDuration = Duration.ofSeconds(20);
    Duration latencyWarmup = Duration.ofSeconds(5);
    String jvmOptions = "-Xmx1g";
    String brokerJvmOptions = "-Xmx1g -Xms1g";
    Duration runTimeout = Duration.ofMinutes(10);
    Path results = Path.of("bench", "results");
    Path work = Path.of("bench", "target", "work");
    List<Contender> profile = List.of();
    long remoteRecords = 200_000;
    int remoteServerThreads = 0;
    int recoveryProbes = 1;
    Duration recoveryKillWindow = Duration.ofSeconds(2);
    long recoverySeed = new java.util.Random().nextLong();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h")) {
        System.out.println(USAGE);
        System.exit(0);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Flag " + flag + " needs a value\n" + USAGE);
      }
      String value = args[++i];
      switch (flag) {
        case "--records" -> records = Long.parseLong(value);
        case "--value-bytes" -> valueBytes = Integer.parseInt(value);
        case "--keys" -> keys = Integer.parseInt(value);
        case "--partitions" -> partitions = Integer.parseInt(value);
        case "--parallelism" -> parallelism = Integer.parseInt(value);
        case "--checkpoint-interval" -> interval = duration(value);
        case "--rounds" -> rounds = Integer.parseInt(value);
        case "--contenders" -> contenders = Contender.parseList(value);
        case "--latency-rate" -> latencyRate = Integer.parseInt(value);
        case "--latency-duration" -> latencyDuration = duration(value);
        case "--latency-warmup" -> latencyWarmup = duration(value);
        case "--jvm-opts" -> jvmOptions = value;
        case "--broker-jvm-opts" -> brokerJvmOptions = value;
        case "--run-timeout" -> runTimeout = duration(value);
        case "--results" -> results = Path.of(value);
        case "--work-dir" -> work = Path.of(value);
        case "--profile" -> profile = Contender.parseList(value);
        case "--remote-records" -> remoteRecords = Long.parseLong(value);
        case "--remote-server-threads" -> remoteServerThreads = Integer.parseInt(value);
        case "--recovery-probes" -> recoveryProbes = Integer.parseInt(value);
        case "--recovery-kill-window" -> recoveryKillWindow = duration(value);
        case "--recovery-seed" -> recoverySeed = Long.parseLong(value);
        default -> throw new IllegalArgumentException("Unknown flag " + flag + "\n" + USAGE);
      }
    }
    if (keys < 1 || records < keys || remoteRecords < keys || remoteServerThreads < 0 || valueBytes < 8 || rounds < 1
        || parallelism < 1 || partitions < 1 || recoveryProbes < 0 || recoveryKillWindow.toMillis() < 1) {
      throw new IllegalArgumentException("Need keys >= 1, records >= keys, value-bytes >= 8, rounds, parallelism "
          + "and partitions >= 1, remote-records >= keys, remote-server-threads >= 0, recovery-probes >= 0, "
          + "recovery-kill-window >= 1ms\n" + USAGE);
    }
    return new BenchOptions(records, valueBytes, keys, partitions, parallelism, interval, rounds, contenders,
        latencyRate, latencyDuration, latencyWarmup, jvmOptions, brokerJvmOptions, runTimeout, results, work, profile,
        remoteRecords, remoteServerThreads, recoveryProbes, recoveryKillWindow, recoverySeed);
  }

  /** {@code 1s}, {@code 100ms}, {@code 2m}, or ISO-8601. */
  static Duration duration(String value) {
    String v = value.trim().toLowerCase();
    if (v.startsWith("pt")) {
      return Duration.parse(v);
    }
    if (v.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
    }
    if (v.endsWith("s")) {
      return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
    }
    if (v.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
    }
    return Duration.ofMillis(Long.parseLong(v));
  }

  /** How many records a contender's throughput run counts: its own workload for the remote contender. */
  long recordsOf(Contender contender) {
    return contender.remote() ? remoteRecords : records;
  }

  List<String> jvmOptionList() {
    return split(jvmOptions);
  }

  List<String> brokerJvmOptionList() {
    return split(brokerJvmOptions);
  }

  private static List<String> split(String options) {
    List<String> list = new ArrayList<>();
    for (String option : options.trim().split("\\s+")) {
      if (!option.isEmpty()) {
        list.add(option);
      }
    }
    return list;
  }
}
