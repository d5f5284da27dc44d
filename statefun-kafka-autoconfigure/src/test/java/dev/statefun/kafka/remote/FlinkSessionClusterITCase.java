package dev.statefun.kafka.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test cluster itself: two processes that offer their slots, and are gone after close. */
class FlinkSessionClusterITCase {

  @TempDir
  Path home;

  @Test
  void startsJobManagerAndTaskManagerProcessesAndStopsThemByPid() {
    List<Long> pids;
    try (FlinkSessionCluster cluster = FlinkSessionCluster.start(home, 2)) {
      pids = cluster.pids();
      assertThat(pids).hasSize(2);
      assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true));
    }
    assertThat(pids).allSatisfy(pid ->
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEqualTo(Optional.empty()));
  }
}
