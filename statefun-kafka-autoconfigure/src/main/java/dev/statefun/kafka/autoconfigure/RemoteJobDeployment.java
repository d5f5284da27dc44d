package dev.statefun.kafka.autoconfigure;

import dev.statefun.kafka.runtime.cluster.JobRunner;
import dev.statefun.kafka.runtime.cluster.RemoteCluster;
import dev.statefun.kafka.runtime.cluster.RemoteClusterRunner;
import dev.statefun.kafka.runtime.cluster.StatefulFunctionsJob;
import dev.statefun.kafka.runtime.universe.LocalUniverseHandle;
import dev.statefun.kafka.runtime.universe.UniverseHandle;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * {@code statefun.flink.mode=remote}: the job runs on a Flink session cluster, whose TaskManagers
 * start the application through a {@link SpringApplicationUniverseHandle}.
 */
final class RemoteJobDeployment implements JobDeployment {

  private final RemoteCluster cluster;
  private final ListableBeanFactory beans;
  private final ConfigurableEnvironment environment;

  RemoteJobDeployment(StatefunFlinkProperties.Remote remote, ListableBeanFactory beans,
      ConfigurableEnvironment environment) {
    if (remote.getHost() == null || remote.getHost().isBlank()) {
      throw new StatefunConfigurationException("statefun.flink.remote.host",
          "no JobManager host for statefun.flink.mode=remote", "Set the host of the Flink cluster's REST endpoint");
    }
    if (remote.getPort() < 1 || remote.getPort() > 65535) {
      throw new StatefunConfigurationException("statefun.flink.remote.port",
          "invalid port " + remote.getPort(), "Use the port of the Flink cluster's REST endpoint (rest.port, 8081 by default)");
    }
    this.cluster = new RemoteCluster(remote.getHost(), remote.getPort(), remote.isDetach());
    this.beans = beans;
    this.environment = environment;
  }

  @Override
  public UniverseHandle handle(LocalUniverseHandle local) {
    return SpringApplicationUniverseHandle.of(local.key(), beans, environment);
  }

  @Override
  public JobRunner runner(StatefulFunctionsJob job) {
    return new RemoteClusterRunner(job, cluster);
  }
}
