package dev.statefun.kafka.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of a process per thread, from {@code /proc/<pid>/task/<tid>/stat}, and how it adds up by
 * thread group over a window (two snapshots). A thread's name there is its {@code comm}, which Linux
 * truncates to 15 characters; HotSpot sets it to the Java thread's name when the thread starts (the main
 * thread stays {@code java}).
 */
final class ThreadCpu {

  /** Groups in the order they are printed. {@code worker}: the non-Flink contenders' own processing threads. */
  static final List<String> GROUPS = List.of("keyed", "worker", "source", "fetcher", "producer", "http", "jit", "gc",
      "other");

  /** Clock ticks per second of utime/stime in /proc (USER_HZ). */
  static final long CLOCK_TICKS = clockTicks();

  /** One thread at one moment: its name and its CPU time (utime + stime) in clock ticks. */
  record Sample(String name, long ticks) {}

  /** One thread's CPU over the window. */
  record ThreadUse(long tid, String name, String group, long ticks) {}

  /**
   * Per-thread CPU over a window: threads born during it count from 0; threads that died during it are
   * not in the end snapshot, so their CPU in the window is lost ({@code died} counts them).
   */
  record Window(List<ThreadUse> threads, int died) {

    /** CPU µs per record by group, groups in {@link #GROUPS} order, only groups with a thread. */
    Map<String, Double> microsPerRecord(long records) {
      Map<String, Long> ticks = new HashMap<>();
      for (ThreadUse thread : threads) {
        ticks.merge(thread.group(), thread.ticks(), Long::sum);
      }
      Map<String, Double> out = new LinkedHashMap<>();
      for (String group : GROUPS) {
        Long t = ticks.get(group);
        if (t != null) {
          out.put(group, t * 1e6 / CLOCK_TICKS / records);
        }
      }
      return out;
    }

    /** A text table of the threads, most CPU first: tid, group, CPU ms, name. */
    String describe(long records) {
      StringBuilder out = new StringBuilder(String.format(
          "# CPU per thread from first output to verification (%,d records); %d thread(s) died in the window%n"
              + "# tid\tgroup\tcpu ms\tµs/record\tname%n", records, died));
      threads.stream().sorted(Comparator.comparingLong(ThreadUse::ticks).reversed()).forEach(t -> out.append(
          String.format("%d\t%s\t%d\t%.3f\t%s%n", t.tid(), t.group(), t.ticks() * 1000 / CLOCK_TICKS,
              t.ticks() * 1e6 / CLOCK_TICKS / records, t.name())));
      return out.toString();
    }
  }

  private ThreadCpu() {}

  /** The threads of a process now, by thread id; empty where /proc is not available or the process is gone. */
  static Map<Long, Sample> snapshot(long pid) {
    Map<Long, Sample> threads = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"), StandardCharsets.UTF_8);
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          String[] fields = stat.substring(close + 2).split(" ");
          // fields[11] and [12] are utime and stime (fields 14 and 15 of proc(5)), in clock ticks
          threads.put(Long.parseLong(task.getFileName().toString()),
              new Sample(stat.substring(open + 1, close), Long.parseLong(fields[11]) + Long.parseLong(fields[12])));
        } catch (IOException | RuntimeException e) {
          // the thread ended between listing and reading: it is lost, like one that ended earlier
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone already, or not Linux
    }
    return threads;
  }

  /** The window between two snapshots, each thread put in its group for this contender. */
  static Window between(Map<Long, Sample> start, Map<Long, Sample> end, Contender contender) {
    List<ThreadUse> threads = new ArrayList<>();
    end.forEach((tid, now) -> {
      Sample before = start.get(tid);
      // a reused thread id with another name is a new thread
      long from = before != null && before.name().equals(now.name()) ? before.ticks() : 0;
      threads.add(new ThreadUse(tid, now.name(), group(contender, now.name()), Math.max(0, now.ticks() - from)));
    });
    int died = (int) start.keySet().stream().filter(tid -> !end.containsKey(tid)).count();
    return new Window(threads, died);
  }

  /** The group of a thread by the (truncated) name Linux reports. */
  static String group(Contender contender, String name) {
    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
      return "jit";
    }
    if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
      return "gc";
    }
    // Flink task threads are named after their operator chain: "feedback head -> functions -> ...",
    // "functions -> (egress ..." (builds before the in-JVM loop), "KeyedProcess -> Sink...", StateFun 3.3's
    // "feedback-union -> functions -> ..."
    if (name.startsWith("feedback head") || name.startsWith("functions") || name.startsWith("KeyedProcess")
        || name.startsWith("feedback-union")) {
      return "keyed";
    }
    // StateFun 3.3's FlinkKafkaConsumer: its "Legacy Source Thread" and its "Kafka Fetcher for Source: ..."
    if (name.startsWith("Source: ") || name.startsWith("Legacy Source T")) {
      return "source";
    }
    if (name.startsWith("Source Data Fet") || name.startsWith("Kafka Fetcher")) {
      return "fetcher";
    }
    if (name.startsWith("kafka-producer-")) {
      return "producer";
    }
    // remote functions: the dispatcher's HttpClient executor and the client's selector thread; StateFun 3.3's Netty
    // transport's event loop threads
    if (name.startsWith("statefun-http") || name.startsWith("HttpClient-") || name.startsWith("httpclient-")
        || name.startsWith("netty-http-work")) {
      return "http";
    }
    boolean worker = switch (contender) {
      case TX_LOOP -> name.startsWith("loop-");
      // "<application id>-<uuid>-StreamThread-<n>" and the other threads Kafka Streams names after its client id
      case KAFKA_STREAMS, KAFKA_STREAMS_ALO -> name.startsWith("streams-");
      // the producer contender sends from its main thread
      case PRODUCER -> name.equals("java");
      default -> false;
    };
    return worker ? "worker" : "other";
  }

  /** USER_HZ from {@code getconf CLK_TCK}; 100 (Linux's value on every common architecture) if that fails. */
  private static long clockTicks() {
    try {
      Process process = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (process.waitFor() == 0) {
        long ticks = Long.parseLong(out);
        if (ticks > 0) {
          return ticks;
        }
      }
    } catch (IOException | RuntimeException e) {
      // no getconf
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }

  /** "keyed 1.07 · source 0.36 · jit 0.60 · …" */
  static String format(Map<String, Double> byGroup) {
    List<String> parts = new ArrayList<>();
    byGroup.forEach((group, micros) -> parts.add(String.format("%s %.2f", group, micros)));
    return String.join(" · ", parts);
  }
}
