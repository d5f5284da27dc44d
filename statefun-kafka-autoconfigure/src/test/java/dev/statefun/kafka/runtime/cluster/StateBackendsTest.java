package dev.statefun.kafka.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefun.kafka.sdk.StatefunConfigurationException;
import org.junit.jupiter.api.Test;

class StateBackendsTest {

  @Test
  void rocksDbOnTheClassPathIsAccepted() {
    assertThatCode(() -> StateBackends.requireAvailable("rocksdb", getClass().getClassLoader())).doesNotThrowAnyException();
    assertThatCode(() -> StateBackends.requireAvailable("hashmap", getClass().getClassLoader())).doesNotThrowAnyException();
  }

  @Test
  void rocksDbMissingFromTheClassPathFailsNamingThePropertyAndTheDependency() {
    ClassLoader withoutRocksDb = new ClassLoader(getClass().getClassLoader()) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith("org.apache.flink.state.rocksdb.") || name.startsWith("org.rocksdb.")) {
          throw new ClassNotFoundException(name);
        }
        return super.loadClass(name, resolve);
      }
    };

    assertThatThrownBy(() -> StateBackends.requireAvailable("rocksdb", withoutRocksDb))
        .isInstanceOf(StatefunConfigurationException.class)
        .hasMessageContaining("statefun.flink.state-backend")
        .hasMessageContaining("org.apache.flink:flink-statebackend-rocksdb")
        .hasMessageContaining("hashmap");
  }

  @Test
  void anUnknownBackendListsTheValidOnes() {
    assertThatThrownBy(() -> StateBackends.requireAvailable("memory", getClass().getClassLoader()))
        .hasMessageContaining("statefun.flink.state-backend")
        .hasMessageContaining("[hashmap, rocksdb]");
  }
}
