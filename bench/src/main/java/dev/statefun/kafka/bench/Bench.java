package dev.statefun.kafka.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmark: starts a standalone Kafka broker process, pre-loads the workload, then runs every
 * contender in its own JVM, interleaved, for a number of rounds (the order rotates per round),
 * verifying each run's output; then kill -9 recovery probes and one latency run per contender at a
 * fixed input rate. Prints a table with medians and ratios and writes the raw numbers to
 * {@code bench/results/}.
 */
public final class Bench {

  private static final String INPUT = "input";
  /** The remote contender's input when its workload is smaller than the others' ({@code --remote-records}). */
  private static final String REMOTE_INPUT = "input-remote";
  /**
   * System property of a recovery probe's contender JVMs: {@code latest} makes statefun restore the newest
   * snapshot of its checkpoint directory (the starter's default) and plain Flink its newest retained checkpoint.
   */
  static final String RESTORE_PROPERTY = "bench.restore";

  private final BenchOptions options;
  private final Path workDir;
  private final Report report;
  private BrokerProcess broker;

  private Bench(BenchOptions options) {
    this.options = options;
    this.workDir = options.workDir().resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))
        .toAbsolutePath();
    this.report = new Report(options);
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    new Bench(options).run();
    System.exit(0);
  }

  private void run() throws Exception {
    log("work directory " + workDir);
    try (BrokerProcess started = BrokerProcess.start(workDir.resolve("broker"), options.brokerJvmOptionList())) {
      broker = started;
      log("broker up at " + broker.bootstrapServers());
      preload(INPUT, options.records());
      if (remoteInputSeparate()) {
        preload(REMOTE_INPUT, options.remoteRecords());
      }
      for (int round = 1; round <= options.rounds(); round++) {
        List<Contender> order = rotated(options.contenders(), round - 1);
        for (Contender contender : order) {
          report.add(throughputRun(contender, round));
        }
      }
      report.recoverySeed(options.recoverySeed());
      if (options.recoveryProbes() > 0) {
        log("kill -9 recovery probes, seed " + options.recoverySeed());
        java.util.Random random = new java.util.Random(options.recoverySeed());
        for (int probe = 1; probe <= options.recoveryProbes(); probe++) {
          for (Contender contender : rotated(options.contenders(), probe - 1)) {
            if (contender.counts() && contender.exactlyOnce() && contender.probed()) {
              report.add(recoveryProbe(contender, probe, random.nextLong(options.recoveryKillWindow().toMillis())));
            }
          }
        }
      }
      if (options.latencyRate() > 0) {
        for (Contender contender : options.contenders()) {
          if (contender.counts() && contender.probed()) {
            report.add(latencyRun(contender));
          }
        }
      }
      report.brokerPeakRss(broker.peakRss());
    }
    System.out.println(report.table());
    Path json = report.writeJson();
    log("raw numbers in " + json);
  }

  private boolean remoteInputSeparate() {
    return options.contenders().stream().anyMatch(Contender::remote) && options.remoteRecords() != options.records();
  }

  private String inputOf(Contender contender) {
    return contender.remote() && remoteInputSeparate() ? REMOTE_INPUT : INPUT;
  }

  private void preload(String topic, long records) throws Exception {
    broker.createTopics(options.partitions(), topic);
    log(String.format("pre-loading %,d records into '%s'", records, topic));
    RunArgs args = runArgs("preload-" + topic, "-", topic, false, 0, records);
    try (JvmProcess producer = JvmProcess.start(options.jvmOptionList(), Ingest.class.getName(), args.toArgs(),
        workDir.resolve("preload-" + topic + ".log"));
        OutputVerifier verifier = new OutputVerifier(broker.bootstrapServers(), topic, options.keys(), false)) {
      OutputVerifier.Outcome outcome = verifier.throughput(records, options.runTimeout(), producer,
          Contender.PRODUCER, Duration.ofSeconds(1), null);
      if (!outcome.verified()) {
        throw new IllegalStateException("Pre-loading failed: " + outcome.problem());
      }
    }
  }

  private Report.Run throughputRun(Contender contender, int round) throws Exception {
    String runId = contender.id() + "-r" + round;
    String output = "out-" + runId;
    broker.createTopics(options.partitions(), output);
    boolean producer = contender == Contender.PRODUCER;
    long records = options.recordsOf(contender);
    RunArgs args = runArgs(runId, producer ? "-" : inputOf(contender), output, contender.exactlyOnce(), 0, records);
    log("round " + round + ": " + contender.description());
    OutputVerifier.Outcome outcome;
    long rss;
    long serverRss = -1;
    long spawned;
    // the verifier first: its consumer's start must not delay the moment it sees the first record
    try (FunctionServerProcess server = startFunctionServer(contender, runId, output);
        OutputVerifier verifier = new OutputVerifier(broker.bootstrapServers(), output, options.keys(),
            contender.counts());
        JvmProcess process = startContender(contender, jvmOptions(contender, runId, server), args,
            workDir.resolve(runId + ".log"))) {
      outcome = verifier.throughput(records, options.runTimeout(), process, contender,
          options.checkpointInterval().plusSeconds(2), server);
      spawned = process.spawnedNanos();
      rss = process.peakRss();
      if (server != null) {
        serverRss = server.process().peakRss();
        log("  function server: " + server.stats());
      }
      if (options.profile().contains(contender)) {
        process.stopGracefully(120);
        if (server != null) {
          server.process().stopGracefully(120);
        }
      }
    }
    broker.deleteTopicsQuietly(List.of(output));
    Map<String, Double> byThread = outcome.cpuByThread();
    if (outcome.threads() != null) {
      Files.writeString(workDir.resolve(runId + "-threads.tsv"), outcome.threads().describe(outcome.cpuRecords()));
    }
    log(outcome.verified()
        ? String.format("  %,.0f records/s, %.1f CPU µs/record (%s), peak RSS %d MB (verified %,d records in %.1f s);"
                + " start → first commit %.2f s, → all %.2f s, %,.0f records/s after the first commit",
            outcome.recordsPerSecond(), outcome.cpuMicrosPerRecord(),
            byThread.isEmpty() ? "no per-thread CPU" : ThreadCpu.format(byThread), rss >> 20, outcome.records(),
            outcome.wallSeconds(), outcome.secondsToFirst(spawned), outcome.secondsToAll(spawned),
            outcome.recordsPerSecondAfterFirstCommit())
        : "  NOT VERIFIED: " + outcome.problem());
    OutputVerifier.Remote remote = outcome.remote();
    if (outcome.verified() && remote != null) {
      log(String.format("  %,.0f requests/s, %.2f invocations/request, function server %.1f CPU µs/record, "
              + "peak RSS %d MB", remote.requestsPerSecond(), remote.window().invocationsPerRequest(),
          remote.serverCpuMicrosPerRecord(), serverRss >> 20));
    }
    return new Report.Run(contender, round, outcome.verified(), outcome.problem(), outcome.recordsPerSecond(), rss,
        outcome.wallSeconds(), outcome.cpuMicrosPerRecord(), byThread,
        outcome.threads() == null ? 0 : outcome.threads().died(), remote, serverRss, outcome.secondsToFirst(spawned),
        outcome.secondsToAll(spawned), outcome.recordsPerSecondAfterFirstCommit());
  }

  /**
   * A kill -9 probe: the contender on a fresh output topic with the whole workload; {@code delayMillis} after
   * its first committed record (or once 3/4 of the records are out, if earlier) SIGKILL, then the same
   * contender again on the same ids and state directory, both with {@value #RESTORE_PROPERTY}=latest. Measures
   * the restart's spawn to the first committed record it processed, and verifies the whole output across the
   * kill (every key 1..n once).
   */
  private Report.Recovery recoveryProbe(Contender contender, int probe, long delayMillis) throws Exception {
    String runId = contender.id() + "-kill" + probe;
    String output = "out-" + runId;
    broker.createTopics(options.partitions(), output);
    long records = options.recordsOf(contender);
    RunArgs args = runArgs(runId, inputOf(contender), output, contender.exactlyOnce(), 0, records);
    log(String.format("kill -9 probe %d: %s, SIGKILL %d ms after the first committed record", probe,
        contender.description(), delayMillis));
    long deadline = System.nanoTime() + options.runTimeout().toNanos();
    long started = System.nanoTime();
    Probe p = new Probe(contender, probe, delayMillis, records);
    try (FunctionServerProcess server = startFunctionServer(contender, runId, output);
        OutputVerifier verifier = new OutputVerifier(broker.bootstrapServers(), output, options.keys(), true)) {
      List<String> jvm = jvmOptions(contender, runId, server);
      jvm.add("-D" + RESTORE_PROPERTY + "=latest");
      try (JvmProcess first = startContender(contender, jvm, args, workDir.resolve(runId + ".log"))) {
        p.problem = pollUntil(verifier, first, server, deadline, () -> verifier.received() > 0);
        if (p.problem != null) {
          return finished(p);
        }
        long firstSeen = System.nanoTime();
        p.startToFirst = (firstSeen - first.spawnedNanos()) / 1e9;
        long killAt = firstSeen + delayMillis * 1_000_000;
        p.problem = pollUntil(verifier, first, server, deadline,
            () -> System.nanoTime() >= killAt || verifier.received() >= records * 3 / 4);
        if (p.problem != null) {
          return finished(p);
        }
        p.recordsAtKill = verifier.received();
        p.killedAfterMillis = (System.nanoTime() - firstSeen) / 1_000_000;
        first.kill();
      }
      if (p.recordsAtKill >= records) {
        p.problem = "all records were out before the kill; give the probe more --records or a shorter "
            + "--recovery-kill-window";
        return finished(p);
      }
      try (JvmProcess restart = startContender(contender, jvm, args, workDir.resolve(runId + "-restart.log"))) {
        verifier.watchFrom(restart.spawnedEpochMillis());
        p.problem = pollUntil(verifier, restart, server, deadline, () -> verifier.seenFromWatchNanos() >= 0);
        if (p.problem == null) {
          p.restartToNext = (verifier.seenFromWatchNanos() - restart.spawnedNanos()) / 1e9;
          p.problem = pollUntil(verifier, restart, server, deadline, () -> verifier.received() >= records);
        }
        if (p.problem == null) {
          OutputVerifier.Outcome outcome = verifier.finish(records, options.runTimeout(),
              options.checkpointInterval().plusSeconds(2), started);
          p.restartToAll = outcome.secondsToAll(restart.spawnedNanos());
          p.problem = outcome.problem();
        }
        p.restartErrors = restart.errorLines();
      }
    } finally {
      broker.deleteTopicsQuietly(List.of(output));
    }
    return finished(p);
  }

  /** What a recovery probe found so far. */
  private static final class Probe {
    final Contender contender;
    final int probe;
    final long delayMillis;
    final long records;
    String problem;
    long recordsAtKill;
    long killedAfterMillis = -1;
    double startToFirst = Double.NaN;
    double restartToNext = Double.NaN;
    double restartToAll = Double.NaN;
    long restartErrors = -1;

    Probe(Contender contender, int probe, long delayMillis, long records) {
      this.contender = contender;
      this.probe = probe;
      this.delayMillis = delayMillis;
      this.records = records;
    }

    Report.Recovery report() {
      return new Report.Recovery(contender, probe, problem == null, problem, delayMillis, killedAfterMillis,
          recordsAtKill, records, startToFirst, restartToNext, restartToAll, restartErrors);
    }
  }

  private static Report.Recovery finished(Probe p) {
    log(p.problem == null
        ? String.format("  killed %d ms after the first commit (start → first commit %.2f s) with %,d of %,d records "
            + "out; restart → next commit %.2f s, → all %.2f s; verified across the kill; %d ERROR lines in the "
            + "restart's log", p.killedAfterMillis, p.startToFirst, p.recordsAtKill, p.records, p.restartToNext,
            p.restartToAll, p.restartErrors)
        : "  NOT VERIFIED: " + p.problem);
    return p.report();
  }

  /** Polls until {@code done}; null then, else why it stopped short: a wrong record, a death, the deadline. */
  private static String pollUntil(OutputVerifier verifier, JvmProcess process, FunctionServerProcess server,
      long deadline, java.util.function.BooleanSupplier done) {
    while (!done.getAsBoolean()) {
      if (verifier.problem() != null) {
        return verifier.problem();
      }
      if (!process.isAlive()) {
        return "the contender died; see " + process.log() + "\n" + process.tail();
      }
      if (server != null && !server.process().isAlive()) {
        return "the function server died; see " + server.process().log() + "\n" + server.process().tail();
      }
      if (System.nanoTime() > deadline) {
        return "no end within --run-timeout (" + verifier.received() + " records); see " + process.log();
      }
      verifier.poll();
    }
    return verifier.problem();
  }

  private Report.Latency latencyRun(Contender contender) throws Exception {
    String runId = contender.id() + "-latency";
    String input = "in-" + runId;
    String output = "out-" + runId;
    broker.createTopics(options.partitions(), input, output);
    log(String.format("latency at %,d records/s: %s", options.latencyRate(), contender.description()));
    RunArgs args = runArgs(runId, input, output, contender.exactlyOnce(), 0, options.records());
    RunArgs load = runArgs(runId + "-load", "-", input, false, options.latencyRate(), options.records());
    OutputVerifier.Outcome outcome;
    long rss;
    try (FunctionServerProcess server = startFunctionServer(contender, runId, output);
        JvmProcess process = startContender(contender, jvmOptions(contender, runId, server), args,
            workDir.resolve(runId + ".log"));
        JvmProcess producer = JvmProcess.start(options.jvmOptionList(), Ingest.class.getName(), load.toArgs(),
            workDir.resolve(runId + "-load.log"));
        OutputVerifier verifier = new OutputVerifier(broker.bootstrapServers(), output, options.keys(), true)) {
      outcome = verifier.latency(options.latencyWarmup(), options.latencyDuration(), options.runTimeout(), process,
          producer);
      rss = process.peakRss();
    }
    broker.deleteTopicsQuietly(List.of(input, output));
    long[] l = outcome.latenciesMillis();
    boolean verified = outcome.verified() && l.length > 0;
    Report.Latency latency = new Report.Latency(contender, verified,
        verified ? null : outcome.problem() == null ? noSamples() : outcome.problem(), l.length,
        verified ? percentile(l, 50) : -1, verified ? percentile(l, 99) : -1, verified ? l[l.length - 1] : -1, rss);
    log(verified ? String.format("  p50 %d ms, p99 %d ms, max %d ms (%,d samples)", latency.p50(), latency.p99(),
        latency.max(), l.length) : "  NOT VERIFIED: " + latency.problem());
    return latency;
  }

  private String noSamples() {
    return String.format("no samples: no record of the window came out within 5 s of its end; the contender does not "
        + "keep up with %,d records/s, or still works off what came in while it started (--latency-warmup)",
        options.latencyRate());
  }

  private RunArgs runArgs(String runId, String input, String output, boolean exactlyOnce, int rate, long records)
      throws Exception {
    Path dir = workDir.resolve("state").resolve(runId);
    Files.createDirectories(dir);
    return new RunArgs(broker.bootstrapServers(), input, output, runId, options.parallelism(),
        options.checkpointInterval(), exactlyOnce, dir.toString(), records, options.keys(),
        options.valueBytes(), rate);
  }

  /** The remote contender's function server, writing to {@code output}; null for the other contenders. */
  private FunctionServerProcess startFunctionServer(Contender contender, String runId, String output)
      throws Exception {
    if (!contender.remote()) {
      return null;
    }
    return FunctionServerProcess.start(profiled(contender, runId + "-server", options.jvmOptionList()), output,
        options.remoteServerThreads(), workDir.resolve(runId + "-server.log"));
  }

  /** A contender's JVM: on this harness's class path, or StateFun 3.3's own for {@link Contender#STATEFUN33}. */
  private static JvmProcess startContender(Contender contender, List<String> jvm, RunArgs args, Path log)
      throws Exception {
    return contender == Contender.STATEFUN33 ? Statefun33.start(jvm, args.toArgs(), log)
        : JvmProcess.start(jvm, contender.mainClass().getName(), args.toArgs(), log);
  }

  private List<String> jvmOptions(Contender contender, String runId, FunctionServerProcess server) {
    List<String> jvm = profiled(contender, runId, options.jvmOptionList());
    if (server != null) {
      jvm.add("-D" + RemoteCounterApp.URL_PROPERTY + "=" + server.urlPathTemplate());
    }
    return jvm;
  }

  private List<String> profiled(Contender contender, String name, List<String> jvmOptions) {
    List<String> jvm = new ArrayList<>(jvmOptions);
    if (options.profile().contains(contender)) {
      jvm.add("-XX:StartFlightRecording=filename=" + workDir.resolve(name + ".jfr")
          + ",settings=profile,dumponexit=true");
    }
    return jvm;
  }

  private static long percentile(long[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static <T> List<T> rotated(List<T> list, int by) {
    List<T> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(list.get((i + by) % list.size()));
    }
    return out;
  }

  private static void log(String message) {
    System.out.println(LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " " + message);
  }
}
