package dev.statefun.kafka.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@link DispatcherBenchmark#statefun} against {@link DispatcherBenchmark#statefunTyped} in one
 * JVM, interleaved batch by batch, timed by this thread's CPU time instead of the wall clock: on
 * a machine busy with other work the thread's waits for a core leave the numbers alone. Prints
 * the median and the lowest CPU ns per record of each and their ratio.
 *
 * <pre>{@code
 * java -cp 'bench/target/statefun-kafka-bench.jar:bench/target/jmh-lib/*' dev.statefun.kafka.bench.jmh.TypedHandlerCpuComparison [rounds]
 * }</pre>
 */
public final class TypedHandlerCpuComparison {

  static final int BATCH = 100_000;
  static final int WARM_UP_ROUNDS = 50;

  private TypedHandlerCpuComparison() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    DispatcherBenchmark benchmark = new DispatcherBenchmark();
    DispatcherBenchmark.Workload lambdaRecords = new DispatcherBenchmark.Workload();
    DispatcherBenchmark.Workload typedRecords = new DispatcherBenchmark.Workload();
    lambdaRecords.setUp();
    typedRecords.setUp();
    DispatcherBenchmark.Statefun lambda = new DispatcherBenchmark.Statefun();
    DispatcherBenchmark.TypedStatefun typed = new DispatcherBenchmark.TypedStatefun();
    lambda.setUp();
    typed.setUp();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] lambdaNanos = new double[rounds];
    double[] typedNanos = new double[rounds];
    for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
      boolean lambdaFirst = (round & 1) == 0;
      for (int turn = 0; turn < 2; turn++) {
        boolean runLambda = lambdaFirst == (turn == 0);
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < BATCH; i++) {
          if (runLambda) {
            benchmark.statefun(lambdaRecords, lambda);
          } else {
            benchmark.statefunTyped(typedRecords, typed);
          }
        }
        double perRecord = (threads.getCurrentThreadCpuTime() - start) / (double) BATCH;
        if (round >= 0) {
          (runLambda ? lambdaNanos : typedNanos)[round] = perRecord;
        }
      }
    }
    lambda.tearDown();
    typed.tearDown();
    double lambdaMedian = median(lambdaNanos);
    double typedMedian = median(typedNanos);
    System.out.printf("%d rounds of %d records each, interleaved; CPU ns/record%n", rounds, BATCH);
    System.out.printf("lambda (StatefulFunction class): median %.1f, lowest %.1f%n", lambdaMedian, min(lambdaNanos));
    System.out.printf("typed (@Handler):                median %.1f, lowest %.1f%n", typedMedian, min(typedNanos));
    System.out.printf("typed / lambda: median %.3f, lowest %.3f%n", typedMedian / lambdaMedian,
        min(typedNanos) / min(lambdaNanos));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElseThrow();
  }
}
