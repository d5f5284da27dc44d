package dev.statefun.kafka.runtime.cluster;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;

/**
 * What an embedded MiniCluster of one application needs, where Flink's local defaults are sized
 * for anything: network memory for this job's two shuffles at its parallelism instead of a fixed
 * 64 MiB (allocated, and resident, when the TaskManager starts); no delegation token providers
 * (Hadoop, HBase: nothing an embedded cluster talks to); and no job submission through the web
 * UI (the application brings its one job; uploading jars into it would run anyone's code).
 * Options already in the configuration are left as they are.
 */
final class MiniClusterDefaults {

  /** Flink's default network buffer (memory segment) size. */
  private static final long BUFFER_BYTES = 32 * 1024;
  private static final MemorySize MIN_NETWORK_MEMORY = MemorySize.ofMebiBytes(16);

  private MiniClusterDefaults() {
  }

  static void applyTo(Configuration conf, int parallelism) {
    if (!conf.contains(TaskManagerOptions.NETWORK_MEMORY_MIN) && !conf.contains(TaskManagerOptions.NETWORK_MEMORY_MAX)) {
      MemorySize network = networkMemory(parallelism);
      conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, network);
      conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, network);
    }
    if (!conf.contains(SecurityOptions.DELEGATION_TOKENS_ENABLED)) {
      conf.set(SecurityOptions.DELEGATION_TOKENS_ENABLED, false);
    }
    if (!conf.contains(WebOptions.SUBMIT_ENABLE)) {
      conf.set(WebOptions.SUBMIT_ENABLE, false);
    }
  }

  /**
   * Twice the buffers the job requires: per all-to-all shuffle (ingress to functions, functions
   * to the feedback tail) each receiving task takes 2 exclusive buffers per channel plus 8
   * floating ones, each sending task one per subpartition plus one.
   */
  static MemorySize networkMemory(int parallelism) {
    long p = parallelism;
    long requiredBuffers = 2 * (p * (2 * p + 8) + p * (p + 1));
    MemorySize needed = new MemorySize(2 * requiredBuffers * BUFFER_BYTES);
    return needed.compareTo(MIN_NETWORK_MEMORY) > 0 ? needed : MIN_NETWORK_MEMORY;
  }
}
