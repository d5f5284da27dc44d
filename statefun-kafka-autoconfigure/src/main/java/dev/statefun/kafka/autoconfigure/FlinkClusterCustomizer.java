package dev.statefun.kafka.autoconfigure;

import org.apache.flink.configuration.Configuration;

/**
 * Adds to the configuration of the embedded Flink MiniCluster before it starts (metric
 * reporters, the web UI's bind address, any Flink option). Declare beans of this type; they
 * run in order. Not used in remote mode, where the cluster has its own configuration.
 */
@FunctionalInterface
public interface FlinkClusterCustomizer {

  void customize(Configuration configuration);
}
