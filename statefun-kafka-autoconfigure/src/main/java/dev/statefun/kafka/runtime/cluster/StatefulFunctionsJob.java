package dev.statefun.kafka.runtime.cluster;

import dev.statefun.kafka.runtime.RuntimeSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import dev.statefun.kafka.runtime.graph.StatefulFunctionsJobGraph;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import dev.statefun.kafka.runtime.universe.UniverseHandle;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * Builds the Flink job of an application with its settings: exactly-once checkpoints retained
 * in the checkpoint directory, object reuse (our operators never change a record they passed
 * on), no Kryo fallback, the state backend and restart strategy.
 */
public final class StatefulFunctionsJob {

  private final StatefulFunctionsUniverse universe;
  private final UniverseHandle handle;
  private final RuntimeSettings settings;

  public StatefulFunctionsJob(StatefulFunctionsUniverse universe, UniverseHandle handle, RuntimeSettings settings) {
    this.universe = universe;
    this.handle = handle;
    this.settings = settings;
  }

  public RuntimeSettings settings() {
    return settings;
  }

  /** How the job's operators reach the application. */
  public UniverseHandle handle() {
    return handle;
  }

  /** The job's Flink configuration. */
  public Configuration configuration() {
    SnapshotDirectory snapshots = new SnapshotDirectory(settings.checkpointDir());
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.NAME, "statefun " + settings.applicationId());
    conf.set(PipelineOptions.OBJECT_REUSE, true);
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(PipelineOptions.MAX_PARALLELISM, settings.maxParallelism());
    conf.set(CoreOptions.DEFAULT_PARALLELISM, settings.parallelism());
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, settings.checkpointInterval());
    conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    // aligned, also on a cluster that enables unaligned ones: envelopes in flight use a network-only
    // form (NetworkEnvelopeSerializer) that must never end up in a checkpoint
    conf.set(CheckpointingOptions.ENABLE_UNALIGNED, false);
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, snapshots.checkpointsUri());
    conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, snapshots.savepointsUri());
    conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    StateBackends.requireAvailable(settings.stateBackend(), StatefulFunctionsJob.class.getClassLoader());
    conf.set(StateBackendOptions.STATE_BACKEND, settings.stateBackend());
    if (StateBackends.ROCKSDB.equals(settings.stateBackend())) {
      conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    }
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, settings.restartAttempts());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, settings.restartDelay());
    return conf;
  }

  /**
   * In an executable Spring Boot jar Flink's classes are not on the system class path, but a
   * JobManager deserializes a job without jars or class paths with the system class loader. One
   * (empty) class path entry makes it use the class loader that loaded Flink instead.
   */
  private static Optional<URL> nestedJarClasspath() {
    if (StatefulFunctionsJob.class.getClassLoader() == ClassLoader.getSystemClassLoader()) {
      return Optional.empty();
    }
    try {
      Path empty = Files.createTempDirectory("statefun-classpath");
      empty.toFile().deleteOnExit();
      return Optional.of(empty.toUri().toURL());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create an empty class path directory", e);
    }
  }

  /** The stream graph, to restore from the given snapshot path ({@code null} for a fresh start). */
  public StreamGraph streamGraph(String restorePath) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration());
    new StatefulFunctionsJobGraph(universe, handle, settings).addTo(env);
    StreamGraph graph = env.getStreamGraph();
    nestedJarClasspath().ifPresent(url -> graph.setClasspath(List.of(url)));
    graph.setSavepointRestoreSettings(restorePath == null
        ? SavepointRestoreSettings.none()
        : SavepointRestoreSettings.forPath(restorePath, settings.allowNonRestoredState()));
    return graph;
  }
}
