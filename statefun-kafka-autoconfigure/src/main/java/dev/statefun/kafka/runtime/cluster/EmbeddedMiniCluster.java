package dev.statefun.kafka.runtime.cluster;

import dev.statefun.kafka.runtime.cluster.rpc.LocalRpcSystem;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.entrypoint.component.DispatcherResourceManagerComponentFactory;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.metrics.MetricRegistryImpl;
import org.apache.flink.runtime.metrics.dump.MetricDump;
import org.apache.flink.runtime.metrics.dump.MetricDumpSerialization;
import org.apache.flink.runtime.metrics.dump.QueryScopeInfo;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.webmonitor.retriever.impl.RpcMetricQueryServiceRetriever;
import org.apache.flink.util.Reference;

/**
 * The MiniCluster an application runs its job on. Its components talk over {@link LocalRpcSystem
 * local RPC} (Flink's Pekko RPC, an actor system with some 1,400 classes unpacked from a jar at
 * every start, took most of a second of the cluster's start). Without the web UI it starts no REST endpoint
 * (Flink's REST handlers and messages, their Netty server and threads: some 1,100 classes); what
 * the application shows about its job ({@link #overview}) it asks the cluster itself, either way.
 * Internal.
 */
final class EmbeddedMiniCluster extends MiniCluster {

  /** Which RPC the cluster's components talk over. */
  enum Rpc {
    /** Calls within the JVM ({@link LocalRpcSystem}): no actor system, starts in milliseconds. */
    LOCAL,
    /** Flink's Pekko RPC, as a MiniCluster has it by default. */
    PEKKO
  }

  /**
   * {@code statefun.embedded-cluster.rpc}: {@code local} (default) or {@code pekko}, set through a
   * {@code FlinkClusterCustomizer} should Flink's own RPC be wanted.
   */
  static final ConfigOption<Rpc> RPC = ConfigOptions.key("statefun.embedded-cluster.rpc").enumType(Rpc.class)
      .defaultValue(Rpc.LOCAL).withDescription("The RPC of the embedded cluster's components: LOCAL (within the JVM) or PEKKO");

  private static final Duration METRICS_TIMEOUT = Duration.ofSeconds(5);
  private static final String RESTARTS_METRIC = "numRestarts";

  private final boolean restEndpoint;
  private volatile MetricRegistryImpl metrics;

  /**
   * @param webUi whether to run the REST endpoint and web UI; without, there is none (unless this
   *     Flink version cannot start without it, see {@link HeadlessComponentFactory#available()})
   */
  EmbeddedMiniCluster(MiniClusterConfiguration configuration, boolean webUi) {
    super(configuration, () -> Reference.owned(configuration.getConfiguration().get(RPC) == Rpc.LOCAL
        ? new LocalRpcSystem() : RpcSystem.load(configuration.getConfiguration())));
    this.restEndpoint = webUi || !HeadlessComponentFactory.available();
  }

  /** Whether the REST endpoint (and the web UI, with flink-runtime-web present) runs. */
  boolean hasRestEndpoint() {
    return restEndpoint;
  }

  @Override
  protected DispatcherResourceManagerComponentFactory createDispatcherResourceManagerComponentFactory() {
    return restEndpoint ? super.createDispatcherResourceManagerComponentFactory() : new HeadlessComponentFactory();
  }

  @Override
  protected MetricRegistryImpl createMetricRegistry(Configuration config, long maximumMessageSizeInBytes) {
    metrics = super.createMetricRegistry(config, maximumMessageSizeInBytes);
    return metrics;
  }

  /** The job's state, restarts and last completed checkpoint, as Flink's REST API reports them. */
  CompletableFuture<JobOverview> overview(JobID jobId) {
    return getArchivedExecutionGraph(jobId).thenCombine(restarts(jobId), (graph, restarts) ->
        new JobOverview(jobId.toString(), graph.getState(), restarts, lastCheckpoint(graph)));
  }

  private static Optional<JobOverview.Checkpoint> lastCheckpoint(ArchivedExecutionGraph graph) {
    CheckpointStatsSnapshot stats = graph.getCheckpointStatsSnapshot();
    CompletedCheckpointStats completed = stats == null ? null : stats.getHistory().getLatestCompletedCheckpoint();
    return Optional.ofNullable(completed).map(checkpoint -> new JobOverview.Checkpoint(checkpoint.getCheckpointId(),
        Instant.ofEpochMilli(checkpoint.getLatestAckTimestamp()), checkpoint.getExternalPath()));
  }

  /** The job's {@code numRestarts} gauge, read from the metric query service as the REST API does; -1 without it. */
  private CompletableFuture<Long> restarts(JobID jobId) {
    MetricRegistryImpl registry = metrics;
    String address = registry == null ? null : registry.getMetricQueryServiceGatewayRpcAddress();
    if (address == null) {
      return CompletableFuture.completedFuture(-1L);
    }
    return new RpcMetricQueryServiceRetriever(registry.getMetricQueryServiceRpcService()).retrieveService(address)
        .thenCompose(gateway -> gateway.queryMetrics(METRICS_TIMEOUT))
        .thenApply(dump -> new MetricDumpSerialization.MetricDumpDeserializer().deserialize(dump).stream()
            .filter(metric -> metric instanceof MetricDump.GaugeDump && RESTARTS_METRIC.equals(metric.name)
                && metric.scopeInfo instanceof QueryScopeInfo.JobQueryScopeInfo scope
                && jobId.toString().equals(scope.jobID))
            .map(metric -> Long.parseLong(((MetricDump.GaugeDump) metric).value))
            .findFirst().orElse(-1L))
        .exceptionally(error -> -1L);
  }
}
