package dev.statefun.kafka.autoconfigure;

import dev.statefun.kafka.runtime.cluster.JobRunner;
import dev.statefun.kafka.runtime.cluster.MiniClusterRunner;
import dev.statefun.kafka.runtime.cluster.StatefulFunctionsJob;
import dev.statefun.kafka.runtime.universe.LocalUniverseHandle;
import dev.statefun.kafka.runtime.universe.UniverseHandle;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;

/**
 * Where the application's job runs ({@code statefun.flink.mode}): which handle its operators
 * reach the application through, and which runner runs it.
 */
public interface JobDeployment {

  /** The handle the operators get, given the application registered in this JVM. */
  UniverseHandle handle(LocalUniverseHandle local);

  JobRunner runner(StatefulFunctionsJob job);

  /** An embedded MiniCluster in this JVM, whose operators find the application here. */
  static JobDeployment miniCluster() {
    return miniCluster(conf -> { });
  }

  /** An embedded MiniCluster whose configuration {@code clusterConfiguration} adds to. */
  static JobDeployment miniCluster(Consumer<Configuration> clusterConfiguration) {
    return new JobDeployment() {
      @Override
      public UniverseHandle handle(LocalUniverseHandle local) {
        return local;
      }

      @Override
      public JobRunner runner(StatefulFunctionsJob job) {
        return new MiniClusterRunner(job, clusterConfiguration);
      }
    };
  }
}
