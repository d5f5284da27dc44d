package dev.statefun.kafka.runtime.cluster;

import java.util.Objects;

/**
 * A running Flink session cluster, reached through its JobManager's REST endpoint.
 *
 * @param host JobManager REST host
 * @param port JobManager REST port
 * @param detach whether stopping the application leaves the job running on the cluster
 */
public record RemoteCluster(String host, int port, boolean detach) {

  public RemoteCluster {
    Objects.requireNonNull(host, "host");
  }

  @Override
  public String toString() {
    return "http://" + host + ":" + port;
  }
}
