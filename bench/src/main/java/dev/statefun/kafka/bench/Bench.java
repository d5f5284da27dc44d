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
 * verifying each run's output; then one latency run per contender at a fixed input rate. Prints
 * a table with medians and ratios and writes the raw numbers to {@code bench/results/}.
 */
public final class Bench {

  private static final String INPUT = "input";
  /** The remote contender's input when its workload is smaller than the others' ({@code --remote-records}). */
  private static final String REMOTE_INPUT = "input-remote";

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
      if (options.latencyRate() > 0) {
        for (Contender contender : options.contenders()) {
          if (contender.counts()) {
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
    try (FunctionServerProcess server = startFunctionServer(contender, runId, output);
        JvmProcess process = JvmProcess.start(jvmOptions(contender, runId, server), contender.mainClass().getName(),
            args.toArgs(), workDir.resolve(runId + ".log"));
        OutputVerifier verifier = new OutputVerifier(broker.bootstrapServers(), output, options.keys(),
            contender.counts())) {
      outcome = verifier.throughput(records, options.runTimeout(), process, contender,
          options.checkpointInterval().plusSeconds(2), server);
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
        ? String.format("  %,.0f records/s, %.1f CPU µs/record (%s), peak RSS %d MB (verified %,d records in %.1f s)",
            outcome.recordsPerSecond(), outcome.cpuMicrosPerRecord(),
            byThread.isEmpty() ? "no per-thread CPU" : ThreadCpu.format(byThread), rss >> 20, outcome.records(),
            outcome.wallSeconds())
        : "  NOT VERIFIED: " + outcome.problem());
    OutputVerifier.Remote remote = outcome.remote();
    if (outcome.verified() && remote != null) {
      log(String.format("  %,.0f requests/s, %.2f invocations/request, function server %.1f CPU µs/record, "
              + "peak RSS %d MB", remote.requestsPerSecond(), remote.window().invocationsPerRequest(),
          remote.serverCpuMicrosPerRecord(), serverRss >> 20));
    }
    return new Report.Run(contender, round, outcome.verified(), outcome.problem(), outcome.recordsPerSecond(), rss,
        outcome.wallSeconds(), outcome.cpuMicrosPerRecord(), byThread,
        outcome.threads() == null ? 0 : outcome.threads().died(), remote, serverRss);
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
        JvmProcess process = JvmProcess.start(jvmOptions(contender, runId, server), contender.mainClass().getName(),
            args.toArgs(), workDir.resolve(runId + ".log"));
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
