package dev.statefun.kafka.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.junit.jupiter.api.Test;

class MiniClusterDefaultsTest {

  @Test
  void networkMemoryFollowsTheParallelismWithAFloor() {
    assertThat(MiniClusterDefaults.networkMemory(1)).isEqualTo(MemorySize.ofMebiBytes(16));
    assertThat(MiniClusterDefaults.networkMemory(2)).isEqualTo(MemorySize.ofMebiBytes(16));
    // 8: 2 shuffles x (8 x 24 + 8 x 9) buffers = 528, twice that at 32 KiB
    assertThat(MiniClusterDefaults.networkMemory(8)).isEqualTo(new MemorySize(2 * 528 * 32 * 1024L));
    assertThat(MiniClusterDefaults.networkMemory(16).getBytes()).isGreaterThan(MemorySize.ofMebiBytes(64).getBytes());
  }

  @Test
  void whatTheConfigurationSaysStays() {
    Configuration conf = new Configuration();
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(128));
    conf.set(SecurityOptions.DELEGATION_TOKENS_ENABLED, true);

    MiniClusterDefaults.applyTo(conf, 2);

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
  }
}
