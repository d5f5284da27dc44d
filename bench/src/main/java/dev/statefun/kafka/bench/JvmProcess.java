package dev.statefun.kafka.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on this harness's class path, its output in a log file. Its peak resident set
 * (VmHWM from /proc) is read before it is killed. The moment the harness spawned it is kept: the
 * start of the contender's "process start → first committed record".
 */
final class JvmProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final long spawnedNanos;
  private final long spawnedEpochMillis;

  private JvmProcess(Process process, Path log, long spawnedNanos, long spawnedEpochMillis) {
    this.process = process;
    this.log = log;
    this.spawnedNanos = spawnedNanos;
    this.spawnedEpochMillis = spawnedEpochMillis;
  }

  static JvmProcess start(List<String> jvmOptions, String mainClass, List<String> args, Path log) throws IOException {
    return start(jvmOptions, System.getProperty("java.class.path"), mainClass, args, log);
  }

  /** A JVM on another class path, e.g. another build of the library. */
  static JvmProcess start(List<String> jvmOptions, String classPath, String mainClass, List<String> args, Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(args);
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    long spawnedEpochMillis = System.currentTimeMillis();
    long spawnedNanos = System.nanoTime();
    Process process = builder.start();
    return new JvmProcess(process, log, spawnedNanos, spawnedEpochMillis);
  }

  /** Runs a JVM to its end; fails unless it exits with 0. */
  static void run(List<String> jvmOptions, String mainClass, List<String> args, Path log) throws Exception {
    try (JvmProcess process = start(jvmOptions, mainClass, args, log)) {
      if (!process.process.waitFor(5, TimeUnit.MINUTES) || process.process.exitValue() != 0) {
        throw new IllegalStateException(mainClass + " failed; see " + log + ":\n" + process.tail());
      }
    }
  }

  long pid() {
    return process.pid();
  }

  /** {@link System#nanoTime()} just before the harness spawned this JVM (fork, exec and JVM boot come after). */
  long spawnedNanos() {
    return spawnedNanos;
  }

  /** The same moment in wall-clock milliseconds, comparable with the processing times in the output. */
  long spawnedEpochMillis() {
    return spawnedEpochMillis;
  }

  /** {@code kill -9}: SIGKILL ({@link Process#destroyForcibly()} on Linux), no shutdown hook runs; waits for the end. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Peak resident set size in bytes, or -1 where /proc is not available. */
  long peakRss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone already, or not Linux
    }
    return -1;
  }

  /** CPU time (user + system) this process has used so far, in seconds; -1 where /proc is not available. */
  double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields[11] and [12] are utime and stime (fields 14 and 15 of proc(5)), in clock ticks (normally 1/100 s)
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) ThreadCpu.CLOCK_TICKS;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** CPU time per thread so far, by thread id; empty where /proc is not available. */
  Map<Long, ThreadCpu.Sample> threadCpu() {
    return ThreadCpu.snapshot(process.pid());
  }

  boolean logContains(String text) {
    try {
      return Files.readString(log).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  /** How many lines of its log are log events at ERROR (bench's logback pattern: time, then the level). */
  long errorLines() {
    try (java.util.stream.Stream<String> lines = Files.lines(log)) {
      return lines.filter(line -> line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR .*")).count();
    } catch (IOException | java.io.UncheckedIOException e) {
      return -1;
    }
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  Path log() {
    return log;
  }

  /** SIGTERM, then SIGKILL if it lingers: runs are measured already, and outputs go to fresh topics. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  void stopGracefully(long timeoutSeconds) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
