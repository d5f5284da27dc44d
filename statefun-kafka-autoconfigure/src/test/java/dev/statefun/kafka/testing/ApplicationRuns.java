package dev.statefun.kafka.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Applications run as their own JVMs by the crash tests: run {@code n} logs to {@code run-<n>.log}
 * in the test's directory, and a wait for a condition fails with the end of that log when the run
 * died or the time is up.
 */
public final class ApplicationRuns {

  private static final int TAIL = 6000;

  private ApplicationRuns() {}

  /** Where run {@code run} writes its output. */
  public static Path logFile(Path work, int run) {
    return work.resolve("run-" + run + ".log");
  }

  /** What run {@code run} has written so far; empty before it started. */
  public static String logOf(Path work, int run) {
    try {
      Path log = logFile(work, run);
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * The ERROR lines of a log that speak of a fenced producer or lost data: Flink's
   * {@code KafkaCommitter} ("... producer is already fenced ... most likely signals data loss")
   * and the egress's own advice ({@code TransactionFailureAdvice}).
   */
  public static List<String> fencingErrors(String log) {
    return log.lines()
        .filter(line -> line.contains(" ERROR "))
        .filter(line -> {
          String lower = line.toLowerCase(Locale.ROOT);
          return lower.contains("fenced") || lower.contains("data loss") || line.contains("TransactionFailureAdvice");
        })
        .toList();
  }

  /** Waits until {@code condition} holds, failing as soon as {@code process} (run {@code run}) has ended. */
  public static void await(BooleanSupplier condition, Duration timeout, Process process, Path work, int run,
      String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new AssertionError("run " + run + " ended (exit " + process.exitValue() + ") while waiting for " + what
            + "; its log ends with:\n" + tail(logOf(work, run)));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; the log of run " + run + " ends with:\n"
            + tail(logOf(work, run)));
      }
      Thread.sleep(100);
    }
  }

  private static String tail(String log) {
    return log.length() <= TAIL ? log : log.substring(log.length() - TAIL);
  }
}
