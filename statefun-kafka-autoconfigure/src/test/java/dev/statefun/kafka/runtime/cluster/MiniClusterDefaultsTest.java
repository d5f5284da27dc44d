package dev.statefun.kafka.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.ClusterOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.junit.jupiter.api.Test;

class MiniClusterDefaultsTest {

  @Test
  void networkMemoryFollowsTheParallelismWithAFloor() {
    assertThat(MiniClusterDefaults.networkMemory(1)).isEqualTo(MemorySize.ofMebiBytes(8));
    // 2: two shuffles of 2 x 28 sending + 2 x 12 receiving buffers = 160 buffers, 5 MiB: the floor
    assertThat(MiniClusterDefaults.networkMemory(2)).isEqualTo(MemorySize.ofMebiBytes(8));
    // 4: two shuffles of 4 x 48 + 4 x 16 = 512 buffers of 32 KiB
    assertThat(MiniClusterDefaults.networkMemory(4)).isEqualTo(MemorySize.ofMebiBytes(16));
    assertThat(MiniClusterDefaults.networkMemory(8)).isEqualTo(MemorySize.ofMebiBytes(56));
    // 16: past 64 MiB only up to twice the required 2 x (16 x 17 + 16 x 40) = 1824 buffers
    assertThat(MiniClusterDefaults.networkMemory(16)).isEqualTo(new MemorySize(2 * 1824 * 32 * 1024L));
  }

  @Test
  void whatTheConfigurationSaysStays() {
    Configuration conf = new Configuration();
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(128));
    conf.set(SecurityOptions.DELEGATION_TOKENS_ENABLED, true);
    conf.set(JobManagerOptions.JOB_MANAGER_IO_POOL_SIZE, 8);

    MiniClusterDefaults.applyTo(conf, 2);

    assertThat(conf.get(JobManagerOptions.JOB_MANAGER_IO_POOL_SIZE)).isEqualTo(8);
    assertThat(conf.get(TaskManagerOptions.NETWORK_MEMORY_MAX)).isEqualTo(MemorySize.ofMebiBytes(128));
    assertThat(conf.contains(TaskManagerOptions.NETWORK_MEMORY_MIN)).isFalse();
    assertThat(conf.get(SecurityOptions.DELEGATION_TOKENS_ENABLED)).isTrue();
  }

  @Test
  void anEmptyConfigurationGetsTheEmbeddedDefaults() {
    Configuration conf = new Configuration();

    MiniClusterDefaults.applyTo(conf, 4);

    assertThat(conf.get(TaskManagerOptions.NETWORK_MEMORY_MIN)).isEqualTo(conf.get(TaskManagerOptions.NETWORK_MEMORY_MAX));
    assertThat(conf.get(SecurityOptions.DELEGATION_TOKENS_ENABLED)).isFalse();
    assertThat(conf.get(WebOptions.SUBMIT_ENABLE)).isFalse();
    assertThat(conf.get(ClusterOptions.CLUSTER_IO_EXECUTOR_POOL_SIZE)).isEqualTo(4);
    assertThat(conf.get(JobManagerOptions.JOB_MANAGER_IO_POOL_SIZE)).isEqualTo(1);
    assertThat(conf.get(JobManagerOptions.JOB_MANAGER_FUTURE_POOL_SIZE)).isEqualTo(1);
  }
}
