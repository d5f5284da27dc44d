package dev.statefun.kafka.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Collects the runs, prints the table with medians and ratios, and writes the raw numbers as JSON. */
final class Report {

  /**
   * One throughput run. {@code recordsPerSecond} is from the output's processing times; the start figures are
   * from the harness spawning the contender to the verifier seeing the first / the N-th committed record, NaN
   * when it never did.
   */
  record Run(Contender contender, int round, boolean verified, String problem, double recordsPerSecond,
      long peakRssBytes, double wallSeconds, double cpuMicrosPerRecord, Map<String, Double> cpuByThread,
      int threadsDied, OutputVerifier.Remote remote, long serverPeakRssBytes, double startToFirstCommitSeconds,
      double startToAllCommittedSeconds, double recordsPerSecondAfterFirstCommit) {}

  /**
   * One kill -9 probe: killed {@code killedAfterMillis} after its first committed record (planned
   * {@code plannedDelayMillis}), {@code recordsAtKill} of {@code records} seen by then; the restart's spawn to
   * the first committed record it processed, and to the N-th; ERROR lines the restart logged (-1 if not read).
   * Verified = every key 1..n once across the kill.
   */
  record Recovery(Contender contender, int probe, boolean verified, String problem, long plannedDelayMillis,
      long killedAfterMillis, long recordsAtKill, long records, double startToFirstCommitSeconds,
      double restartToNextCommitSeconds, double restartToAllCommittedSeconds, long restartErrorLines) {}

  record Latency(Contender contender, boolean verified, String problem, int samples, long p50, long p99, long max,
      long peakRssBytes) {}

  private final BenchOptions options;
  private final ZonedDateTime started = ZonedDateTime.now();
  private final List<Run> runs = new ArrayList<>();
  private final List<Latency> latencies = new ArrayList<>();
  private final List<Recovery> recoveries = new ArrayList<>();
  private long recoverySeed;
  private long brokerPeakRss = -1;

  Report(BenchOptions options) {
    this.options = options;
  }

  void add(Run run) {
    runs.add(run);
  }

  void add(Latency latency) {
    latencies.add(latency);
  }

  void add(Recovery recovery) {
    recoveries.add(recovery);
  }

  void recoverySeed(long seed) {
    recoverySeed = seed;
  }

  void brokerPeakRss(long bytes) {
    brokerPeakRss = bytes;
  }

  /** Median records/s of the verified runs; NaN when a run did not verify (an unverified number is not reported). */
  double medianRate(Contender contender) {
    List<Run> mine = runs.stream().filter(r -> r.contender() == contender).toList();
    if (mine.isEmpty() || mine.stream().anyMatch(r -> !r.verified())) {
      return Double.NaN;
    }
    return median(mine.stream().mapToDouble(Run::recordsPerSecond).toArray());
  }

  /** A figure of the contender's verified throughput runs over its rounds. */
  Spread spread(Contender contender, java.util.function.ToDoubleFunction<Run> figure) {
    return Spread.of(runs.stream().filter(r -> r.contender() == contender && r.verified()).mapToDouble(figure)
        .toArray());
  }

  /** Restart → next committed record over the contender's probes that verified. */
  Spread recoverySpread(Contender contender) {
    return Spread.of(recoveries.stream().filter(r -> r.contender() == contender && r.verified())
        .mapToDouble(Recovery::restartToNextCommitSeconds).toArray());
  }

  /** Median CPU time of the contender process per output record, once output flows (startup excluded). */
  double medianCpu(Contender contender) {
    double[] values = runs.stream().filter(r -> r.contender() == contender && r.verified() && r.cpuMicrosPerRecord() > 0)
        .mapToDouble(Run::cpuMicrosPerRecord).toArray();
    return values.length == 0 ? Double.NaN : median(values);
  }

  /**
   * Per thread group, the median over the verified runs of its CPU µs/record (same window as
   * {@link #medianCpu}); groups in {@link ThreadCpu#GROUPS} order, only those the contender has.
   * Medians per group need not add up to the median of the total.
   */
  Map<String, Double> medianCpuByThread(Contender contender) {
    List<Map<String, Double>> mine = runs.stream().filter(r -> r.contender() == contender && r.verified())
        .map(Run::cpuByThread).filter(m -> !m.isEmpty()).toList();
    Map<String, Double> medians = new LinkedHashMap<>();
    for (String group : ThreadCpu.GROUPS) {
      double[] values = mine.stream().filter(m -> m.containsKey(group)).mapToDouble(m -> m.get(group)).toArray();
      if (values.length > 0) {
        medians.put(group, median(values));
      }
    }
    return medians;
  }

  long medianRss(Contender contender) {
    double[] values = runs.stream().filter(r -> r.contender() == contender && r.peakRssBytes() > 0)
        .mapToDouble(Run::peakRssBytes).toArray();
    return values.length == 0 ? -1 : (long) median(values);
  }

  Map<String, Object> ratios(Contender ours, Contender streams, Contender loop, Contender flink) {
    Map<String, Object> ratios = new LinkedHashMap<>();
    ratios.put("vsKafkaStreams", ratio(ours, streams));
    if (loop != null) {
      ratios.put("vsTransactionalLoop", ratio(ours, loop));
    }
    if (flink != null) {
      ratios.put("vsPlainFlink", ratio(ours, flink));
    }
    return ratios;
  }

  private Double ratio(Contender a, Contender b) {
    double value = medianRate(a) / medianRate(b);
    return Double.isNaN(value) || Double.isInfinite(value) ? null : Math.round(value * 1000) / 1000.0;
  }

  String table() {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%n%s, %,d records, %d-byte values, %,d keys, %d partitions, parallelism %d, "
            + "checkpoint/commit interval %d ms, %d round(s)%n%n", started.format(DateTimeFormatter.ISO_LOCAL_DATE),
        options.records(), options.valueBytes(), options.keys(), options.partitions(), options.parallelism(),
        options.checkpointInterval().toMillis(), options.rounds()));
    out.append("| contender | records/s by processing time (median) | rounds | records/s after the first commit "
            + "| start → first commit | start → all N committed | CPU µs/record | peak RSS | latency p50 / p99 @ ")
        .append(options.latencyRate()).append(" rec/s | kill -9: restart → next commit |\n")
        .append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Contender contender : options.contenders()) {
      double rate = medianRate(contender);
      String perRound = String.join(" ", runs.stream().filter(r -> r.contender() == contender)
          .map(r -> r.verified() ? String.format("%,.0f", r.recordsPerSecond()) : "FAILED").toList());
      long rss = medianRss(contender);
      Latency latency = latencies.stream().filter(l -> l.contender() == contender).findFirst().orElse(null);
      double cpu = medianCpu(contender);
      out.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", contender.description(),
          Double.isNaN(rate) ? "not verified" : String.format("%,.0f", rate), perRound,
          spread(contender, Run::recordsPerSecondAfterFirstCommit).text("%,.0f", ""),
          spread(contender, Run::startToFirstCommitSeconds).text("%.1f", " s"),
          spread(contender, Run::startToAllCommittedSeconds).text("%.1f", " s"),
          Double.isNaN(cpu) ? "-" : String.format("%.1f", cpu),
          rss > 0 ? (rss >> 20) + " MB" : "-",
          latency == null ? "-" : latency.verified() ? latency.p50() + " / " + latency.p99() + " ms" : "FAILED",
          recoveryText(contender)));
    }
    out.append(String.format("%nstatefun-kafka exactly-once ÷ Kafka Streams: %s, ÷ transactional loop: %s, "
            + "÷ plain Flink: %s; at-least-once ÷ Kafka Streams: %s%n",
        fmt(ratio(Contender.STATEFUN, Contender.KAFKA_STREAMS)), fmt(ratio(Contender.STATEFUN, Contender.TX_LOOP)),
        fmt(ratio(Contender.STATEFUN, Contender.FLINK)), fmt(ratio(Contender.STATEFUN_ALO, Contender.KAFKA_STREAMS_ALO))));
    out.append(recoveryTable());
    out.append(remoteTable());
    out.append(threadTable());
    long ours = medianRss(Contender.STATEFUN);
    long streams = medianRss(Contender.KAFKA_STREAMS);
    if (ours > 0 && streams > 0) {
      out.append(String.format("peak RSS statefun-kafka ÷ Kafka Streams: %.2f; broker peak RSS %d MB%n",
          (double) ours / streams, brokerPeakRss >> 20));
    }
    return out.toString();
  }

  /** Restart → next commit over the probes, FAILED if one did not verify, "-" without probes. */
  private String recoveryText(Contender contender) {
    List<Recovery> mine = recoveries.stream().filter(r -> r.contender() == contender).toList();
    if (mine.isEmpty()) {
      return "-";
    }
    String text = recoverySpread(contender).text("%.1f", " s");
    long failed = mine.stream().filter(r -> !r.verified()).count();
    return failed == 0 ? text : text + " (" + failed + " of " + mine.size() + " FAILED)";
  }

  /** "kill -9 recovery probes": each probe's kill moment, the restart's times and its verification. */
  private String recoveryTable() {
    if (recoveries.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(String.format("%nkill -9 recovery probes (seed %d): SIGKILL under load, "
        + "restart on the same ids and state; exactly-once checked across the kill%n%n", recoverySeed));
    out.append("| contender | probe | killed after the first commit | records seen at the kill "
        + "| start → first commit | restart → next commit | restart → all N committed | ERROR lines after the restart "
        + "| exactly-once |\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Recovery r : recoveries) {
      out.append(String.format("| %s | %d | %,d ms | %,d of %,d | %s | %s | %s | %s | %s |%n",
          r.contender().description(), r.probe(), r.killedAfterMillis(), r.recordsAtKill(), r.records(),
          seconds(r.startToFirstCommitSeconds()), seconds(r.restartToNextCommitSeconds()),
          seconds(r.restartToAllCommittedSeconds()), r.restartErrorLines() < 0 ? "-" : r.restartErrorLines(),
          r.verified() ? "verified" : "FAILED: " + firstLine(r.problem())));
    }
    return out.toString();
  }

  private static String seconds(double value) {
    return Double.isNaN(value) ? "-" : String.format("%.1f s", value);
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }

  /** Median over the verified runs of a number of the remote contender's runs; NaN without one. */
  private double medianRemote(Contender contender, java.util.function.ToDoubleFunction<Run> value) {
    double[] values = runs.stream().filter(r -> r.contender() == contender && r.verified() && r.remote() != null)
        .mapToDouble(value).filter(v -> !Double.isNaN(v)).toArray();
    return values.length == 0 ? Double.NaN : median(values);
  }

  /**
   * "Remote functions": the remote contender next to the embedded counter (the statefun contender): records/s,
   * requests/s, invocations per request, CPU of the app and of the function server, peak RSS of both, latency.
   */
  private String remoteTable() {
    List<Contender> shown = options.contenders().stream()
        .filter(c -> c == Contender.STATEFUN || c.remote()).toList();
    if (shown.stream().noneMatch(Contender::remote)) {
      return "";
    }
    StringBuilder out = new StringBuilder(String.format("%nRemote functions (remote: %,d records, %d function "
        + "server threads)%n%n", options.remoteRecords(), options.remoteServerThreads()));
    out.append("| contender | records/s (median) | requests/s | invocations/request "
        + "| CPU µs/record app + function server | peak RSS app + function server | latency p50 / p99 |\n"
        + "|---|---:|---:|---:|---:|---:|---:|\n");
    for (Contender contender : shown) {
      double rate = medianRate(contender);
      Latency latency = latencies.stream().filter(l -> l.contender() == contender).findFirst().orElse(null);
      double cpu = medianCpu(contender);
      long rss = medianRss(contender);
      String latencyText = latency == null ? "-" : latency.verified() ? latency.p50() + " / " + latency.p99() + " ms"
          : "FAILED";
      if (!contender.remote()) {
        out.append(String.format("| %s (embedded) | %s | - | - | %s | %s | %s |%n", contender.description(),
            Double.isNaN(rate) ? "not verified" : String.format("%,.0f", rate),
            Double.isNaN(cpu) ? "-" : String.format("%.1f", cpu), rss > 0 ? (rss >> 20) + " MB" : "-", latencyText));
        continue;
      }
      double requests = medianRemote(contender, r -> r.remote().requestsPerSecond());
      double perRequest = medianRemote(contender, r -> r.remote().window().invocationsPerRequest());
      double serverCpu = medianRemote(contender, r -> r.remote().serverCpuMicrosPerRecord());
      double serverRss = medianRemote(contender, Run::serverPeakRssBytes);
      out.append(String.format("| %s | %s | %s | %s | %s | %s | %s |%n", contender.description(),
          Double.isNaN(rate) ? "not verified" : String.format("%,.0f", rate),
          Double.isNaN(requests) ? "-" : String.format("%,.0f", requests),
          Double.isNaN(perRequest) ? "-" : String.format("%.2f", perRequest),
          Double.isNaN(cpu) ? "-" : String.format("%.1f + %.1f", cpu, serverCpu),
          rss > 0 ? (rss >> 20) + " + " + ((long) serverRss >> 20) + " MB" : "-", latencyText));
    }
    Double vsStatefun33 = remoteVsStatefun33();
    if (vsStatefun33 != null) {
      out.append(String.format("%nremote ÷ Apache Flink StateFun 3.3.0, records/s after the first commit (medians, "
          + "same run): %.2f%n", vsStatefun33));
    }
    return out.toString();
  }

  /** The remote contender's records/s after the first commit over StateFun 3.3's, or null without both. */
  private Double remoteVsStatefun33() {
    double value = spread(Contender.REMOTE, Run::recordsPerSecondAfterFirstCommit).median()
        / spread(Contender.STATEFUN33, Run::recordsPerSecondAfterFirstCommit).median();
    return Double.isNaN(value) || Double.isInfinite(value) ? null : Math.round(value * 1000) / 1000.0;
  }

  /** "CPU µs/record by thread (median per group)": a column per group any contender has, "-" where it has none. */
  private String threadTable() {
    Map<Contender, Map<String, Double>> byContender = new LinkedHashMap<>();
    for (Contender contender : options.contenders()) {
      byContender.put(contender, medianCpuByThread(contender));
    }
    List<String> groups = ThreadCpu.GROUPS.stream()
        .filter(g -> byContender.values().stream().anyMatch(m -> m.containsKey(g))).toList();
    if (groups.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("\nCPU µs/record by thread (median per group)\n\n| contender | ");
    out.append(String.join(" | ", groups)).append(" | sum | all threads |\n|---|");
    out.append("---:|".repeat(groups.size() + 2)).append('\n');
    byContender.forEach((contender, medians) -> {
      out.append("| ").append(contender.description()).append(" | ");
      for (String group : groups) {
        Double value = medians.get(group);
        out.append(value == null ? "-" : String.format("%.2f", value)).append(" | ");
      }
      double cpu = medianCpu(contender);
      out.append(medians.isEmpty() ? "-" : String.format("%.2f", medians.values().stream()
              .mapToDouble(Double::doubleValue).sum()))
          .append(" | ").append(Double.isNaN(cpu) ? "-" : String.format("%.2f", cpu)).append(" |\n");
    });
    return out.toString();
  }

  private static Map<String, Double> rounded(Map<String, Double> byGroup) {
    Map<String, Double> out = new LinkedHashMap<>();
    byGroup.forEach((group, micros) -> out.put(group, Math.round(micros * 100) / 100.0));
    return out;
  }

  private static Double rounded(double value, int scale) {
    return Double.isNaN(value) ? null : Math.round(value * scale) / (double) scale;
  }

  /** The function server's side of a remote run: over the CPU window, and in the whole run. */
  private static Map<String, Object> remoteJson(Run run) {
    OutputVerifier.Remote remote = run.remote();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("requestsPerSecond", Math.round(remote.requestsPerSecond()));
    r.put("invocationsPerRequest", rounded(remote.window().invocationsPerRequest(), 1000));
    r.put("windowRequests", remote.window().requests());
    r.put("windowInvocations", remote.window().invocations());
    r.put("windowSeconds", rounded(remote.windowSeconds(), 10));
    r.put("totalRequests", remote.total().requests());
    r.put("totalInvocations", remote.total().invocations());
    r.put("functionServerCpuMicrosPerRecord", rounded(remote.serverCpuMicrosPerRecord(), 10));
    r.put("functionServerPeakRssBytes", run.serverPeakRssBytes());
    return r;
  }

  private static String fmt(Double value) {
    return value == null ? "n/a" : String.format("%.2f", value);
  }

  Path writeJson() throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("date", started.toString());
    json.put("machine", machine());
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("records", options.records());
    parameters.put("valueBytes", options.valueBytes());
    parameters.put("keys", options.keys());
    parameters.put("partitions", options.partitions());
    parameters.put("parallelism", options.parallelism());
    parameters.put("checkpointIntervalMillis", options.checkpointInterval().toMillis());
    parameters.put("rounds", options.rounds());
    parameters.put("latencyRate", options.latencyRate());
    parameters.put("latencyDurationMillis", options.latencyDuration().toMillis());
    parameters.put("latencyWarmupMillis", options.latencyWarmup().toMillis());
    parameters.put("jvmOptions", options.jvmOptions());
    parameters.put("remoteRecords", options.remoteRecords());
    parameters.put("remoteServerThreads", options.remoteServerThreads());
    parameters.put("recoveryProbes", options.recoveryProbes());
    parameters.put("recoveryKillWindowMillis", options.recoveryKillWindow().toMillis());
    parameters.put("recoverySeed", recoverySeed);
    json.put("parameters", parameters);
    List<Map<String, Object>> runList = new ArrayList<>();
    for (Run run : runs) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("contender", run.contender().id());
      r.put("round", run.round());
      r.put("verified", run.verified());
      if (!run.verified()) {
        r.put("problem", run.problem());
      } else {
        r.put("recordsPerSecond", Math.round(run.recordsPerSecond()));
      }
      r.put("recordsPerSecondAfterFirstCommit", rounded(run.recordsPerSecondAfterFirstCommit(), 1));
      r.put("startToFirstCommitSeconds", rounded(run.startToFirstCommitSeconds(), 100));
      r.put("startToAllCommittedSeconds", rounded(run.startToAllCommittedSeconds(), 100));
      r.put("peakRssBytes", run.peakRssBytes());
      r.put("wallSeconds", Math.round(run.wallSeconds() * 10) / 10.0);
      r.put("cpuMicrosPerRecord", Math.round(run.cpuMicrosPerRecord() * 10) / 10.0);
      if (!run.cpuByThread().isEmpty()) {
        r.put("cpuByThread", rounded(run.cpuByThread()));
        r.put("threadsDiedInWindow", run.threadsDied());
      }
      if (run.remote() != null) {
        r.put("remote", remoteJson(run));
      }
      runList.add(r);
    }
    json.put("runs", runList);
    Map<String, Object> medians = new LinkedHashMap<>();
    for (Contender contender : options.contenders()) {
      Map<String, Object> m = new LinkedHashMap<>();
      double rate = medianRate(contender);
      m.put("recordsPerSecond", Double.isNaN(rate) ? null : Math.round(rate));
      m.put("peakRssBytes", medianRss(contender));
      double cpu = medianCpu(contender);
      m.put("cpuMicrosPerRecord", Double.isNaN(cpu) ? null : Math.round(cpu * 10) / 10.0);
      m.put("cpuByThread", rounded(medianCpuByThread(contender)));
      m.put("recordsPerSecondAfterFirstCommit", spread(contender, Run::recordsPerSecondAfterFirstCommit).json(1));
      m.put("startToFirstCommitSeconds", spread(contender, Run::startToFirstCommitSeconds).json(100));
      m.put("startToAllCommittedSeconds", spread(contender, Run::startToAllCommittedSeconds).json(100));
      if (recoveries.stream().anyMatch(r -> r.contender() == contender)) {
        Map<String, Object> recovery = new LinkedHashMap<>();
        recovery.put("probes", recoveries.stream().filter(r -> r.contender() == contender).count());
        recovery.put("verified", recoveries.stream().filter(r -> r.contender() == contender && r.verified()).count());
        recovery.put("restartToNextCommitSeconds", recoverySpread(contender).json(100));
        m.put("recovery", recovery);
      }
      if (contender.remote()) {
        m.put("requestsPerSecond", rounded(medianRemote(contender, r -> r.remote().requestsPerSecond()), 1));
        m.put("invocationsPerRequest",
            rounded(medianRemote(contender, r -> r.remote().window().invocationsPerRequest()), 1000));
        m.put("functionServerCpuMicrosPerRecord", rounded(medianRemote(contender,
            r -> r.remote().serverCpuMicrosPerRecord()), 10));
        double serverRss = medianRemote(contender, Run::serverPeakRssBytes);
        m.put("functionServerPeakRssBytes", Double.isNaN(serverRss) ? null : (long) serverRss);
      }
      medians.put(contender.id(), m);
    }
    json.put("medians", medians);
    List<Map<String, Object>> latencyList = new ArrayList<>();
    for (Latency latency : latencies) {
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("contender", latency.contender().id());
      l.put("verified", latency.verified());
      if (latency.verified()) {
        l.put("samples", latency.samples());
        l.put("p50Millis", latency.p50());
        l.put("p99Millis", latency.p99());
        l.put("maxMillis", latency.max());
      } else {
        l.put("problem", latency.problem());
      }
      l.put("peakRssBytes", latency.peakRssBytes());
      latencyList.add(l);
    }
    json.put("latency", latencyList);
    json.put("recovery", recoveryJson());
    json.put("ratios", ratios(Contender.STATEFUN, Contender.KAFKA_STREAMS, Contender.TX_LOOP, Contender.FLINK));
    json.put("ratiosAtLeastOnce", ratios(Contender.STATEFUN_ALO, Contender.KAFKA_STREAMS_ALO, null, null));
    json.put("ratioRemoteVsStatefun33AfterFirstCommit", remoteVsStatefun33());
    json.put("brokerPeakRssBytes", brokerPeakRss);
    Files.createDirectories(options.resultsDir());
    Path file = options.resultsDir().resolve("bench-" + started.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
        + ".json");
    JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(file.toFile(), json);
    return file;
  }

  private List<Map<String, Object>> recoveryJson() {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Recovery recovery : recoveries) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("contender", recovery.contender().id());
      r.put("probe", recovery.probe());
      r.put("verified", recovery.verified());
      if (!recovery.verified()) {
        r.put("problem", recovery.problem());
      }
      r.put("plannedKillDelayMillis", recovery.plannedDelayMillis());
      r.put("killedAfterFirstCommitMillis", recovery.killedAfterMillis());
      r.put("recordsAtKill", recovery.recordsAtKill());
      r.put("records", recovery.records());
      r.put("startToFirstCommitSeconds", rounded(recovery.startToFirstCommitSeconds(), 100));
      r.put("restartToNextCommitSeconds", rounded(recovery.restartToNextCommitSeconds(), 100));
      r.put("restartToAllCommittedSeconds", rounded(recovery.restartToAllCommittedSeconds(), 100));
      r.put("restartErrorLines", recovery.restartErrorLines());
      list.add(r);
    }
    return list;
  }

  private static Map<String, Object> machine() {
    Map<String, Object> machine = new LinkedHashMap<>();
    try {
      machine.put("host", InetAddress.getLocalHost().getHostName());
    } catch (IOException e) {
      machine.put("host", "unknown");
    }
    machine.put("cpus", Runtime.getRuntime().availableProcessors());
    machine.put("cpuModel", cpuModel());
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    machine.put("memoryBytes", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize());
    machine.put("loadAverageAtEnd", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    return machine;
  }

  static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
