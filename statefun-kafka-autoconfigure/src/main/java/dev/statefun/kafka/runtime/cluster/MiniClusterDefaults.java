package dev.statefun.kafka.runtime.cluster;

import org.apache.flink.configuration.ClusterOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;

/**
 * What an embedded MiniCluster of one application needs, where Flink's local defaults are sized
 * for anything: network memory for this job's two shuffles at its parallelism instead of a fixed
 * 64 MiB (allocated, and resident, when the TaskManager starts); no delegation token providers
 * (Hadoop, HBase: nothing an embedded cluster talks to); no job submission through the web
 * UI (the application brings its one job; uploading jars into it would run anyone's code); and
 * the thread pools Flink sizes by the machine's cores (the cluster's I/O pool 4 per core, the
 * JobManager's I/O and future pools 1 per core, each growing a thread per task until full) as
 * Flink sizes them on one core, for one job. Options already in the configuration are left as
 * they are.
 */
final class MiniClusterDefaults {

  /** Flink's default network buffer (memory segment) size. */
  private static final long BUFFER_BYTES = 32 * 1024;
  private static final MemorySize MIN_NETWORK_MEMORY = MemorySize.ofMebiBytes(8);
  private static final MemorySize MAX_NETWORK_MEMORY = MemorySize.ofMebiBytes(64);
  /** Flink's pool sizes on one core. */
  private static final int CLUSTER_IO_THREADS = 4;
  private static final int JOB_MANAGER_IO_THREADS = 1;
  private static final int JOB_MANAGER_FUTURE_THREADS = 1;

  private MiniClusterDefaults() {
  }

  static void applyTo(Configuration conf, int parallelism) {
    if (!conf.contains(TaskManagerOptions.NETWORK_MEMORY_MIN) && !conf.contains(TaskManagerOptions.NETWORK_MEMORY_MAX)) {
      MemorySize network = networkMemory(parallelism);
      conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, network);
      conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, network);
    }
    setUnlessPresent(conf, SecurityOptions.DELEGATION_TOKENS_ENABLED, false);
    setUnlessPresent(conf, WebOptions.SUBMIT_ENABLE, false);
    setUnlessPresent(conf, ClusterOptions.CLUSTER_IO_EXECUTOR_POOL_SIZE, CLUSTER_IO_THREADS);
    setUnlessPresent(conf, JobManagerOptions.JOB_MANAGER_IO_POOL_SIZE, JOB_MANAGER_IO_THREADS);
    setUnlessPresent(conf, JobManagerOptions.JOB_MANAGER_FUTURE_POOL_SIZE, JOB_MANAGER_FUTURE_THREADS);
  }

  private static <T> void setUnlessPresent(Configuration conf, ConfigOption<T> option, T value) {
    if (!conf.contains(option)) {
      conf.set(option, value);
    }
  }

  /**
   * Enough buffers for every pool of this job's two all-to-all shuffles (ingress to functions,
   * functions to the feedback tail) to reach its size at full speed: a sending task up to 10 per
   * subpartition plus 8, a receiving task 2 per channel plus 8 floating. Never less than 8 MiB,
   * and above 64 MiB (Flink's local default) only as far as twice what the job requires at least
   * (one buffer per subpartition plus one, and the receivers' exclusive and floating ones).
   */
  static MemorySize networkMemory(int parallelism) {
    long p = parallelism;
    long fullSpeed = 2 * (p * (10 * p + 8) + p * (2 * p + 8)) * BUFFER_BYTES;
    long required = 2 * (p * (p + 1) + p * (2 * p + 8)) * BUFFER_BYTES;
    long cap = Math.max(MAX_NETWORK_MEMORY.getBytes(), 2 * required);
    return new MemorySize(Math.max(MIN_NETWORK_MEMORY.getBytes(), Math.min(fullSpeed, cap)));
  }
}
