package dev.statefun.kafka.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one contender process is told: where the broker is, which topics, the workload shape,
 * parallelism, checkpoint (commit) interval, delivery, a run id to name groups and transactional
 * ids, a directory of its own, and for the producer a rate (0 = as fast as it can).
 */
record RunArgs(
    String bootstrapServers,
    String inputTopic,
    String outputTopic,
    String runId,
    int parallelism,
    Duration checkpointInterval,
    boolean exactlyOnce,
    String dir,
    long records,
    int keys,
    int valueBytes,
    int rate) {

  List<String> toArgs() {
    return List.of(bootstrapServers, inputTopic, outputTopic, runId, Integer.toString(parallelism),
        Long.toString(checkpointInterval.toMillis()), Boolean.toString(exactlyOnce), dir, Long.toString(records),
        Integer.toString(keys), Integer.toString(valueBytes), Integer.toString(rate));
  }

  static RunArgs parse(String[] a) {
    return new RunArgs(a[0], a[1], a[2], a[3], Integer.parseInt(a[4]), Duration.ofMillis(Long.parseLong(a[5])),
        Boolean.parseBoolean(a[6]), a[7], Long.parseLong(a[8]), Integer.parseInt(a[9]), Integer.parseInt(a[10]),
        Integer.parseInt(a[11]));
  }

  /**
   * The command line of a statefun-kafka contender's Spring application: its configuration file
   * {@code <configName>.yml} and the {@code bench.*} properties that file refers to, consumer group and
   * application id named {@code <name>-<run id>}.
   */
  String[] springArguments(String configName, String name) {
    return new String[] {"--spring.config.name=" + configName,
        "--bench.bootstrap-servers=" + bootstrapServers,
        "--bench.input-topic=" + inputTopic,
        "--bench.output-topic=" + outputTopic,
        "--bench.group=" + name + "-" + runId,
        "--bench.application-id=" + name + "-" + runId,
        "--bench.delivery=" + (exactlyOnce ? "exactly-once" : "at-least-once"),
        "--bench.parallelism=" + parallelism,
        "--bench.checkpoint-interval=" + checkpointInterval.toMillis() + "ms",
        "--bench.checkpoint-dir=" + Path.of(dir).toUri()};
  }

  /** Contenders stay alive once done, so the harness can read their peak RSS; it kills them. */
  static void idleUntilKilled() throws InterruptedException {
    System.out.println("DONE");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
