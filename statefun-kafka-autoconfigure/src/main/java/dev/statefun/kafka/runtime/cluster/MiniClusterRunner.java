package dev.statefun.kafka.runtime.cluster;

import dev.statefun.kafka.runtime.RuntimeSettings;
import dev.statefun.kafka.runtime.dispatcher.FunctionInvocationException;
import dev.statefun.kafka.runtime.universe.LocalUniverseHandle;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.clusterframework.ApplicationStatus;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the job on a Flink MiniCluster in this JVM. Starting restores the newest savepoint or
 * retained checkpoint of the checkpoint directory (or what {@code restore} names); stopping
 * takes a savepoint there, so function state and offsets survive a restart.
 */
public final class MiniClusterRunner implements JobRunner {

  private static final Logger LOG = LoggerFactory.getLogger(MiniClusterRunner.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration FIRST_CHECKPOINT_PATIENCE = Duration.ofSeconds(30);

  /** Where the REST endpoint and web UI listen unless the cluster configuration says otherwise. */
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

  private final StatefulFunctionsJob job;
  private final SnapshotDirectory snapshots;
  private final Consumer<Configuration> clusterConfiguration;
  private CompletableFuture<EmbeddedMiniCluster> starting;
  private EmbeddedMiniCluster cluster;
  private JobID jobId;
  private String restoredFrom;
  private volatile Throwable failure;
  private SnapshotHousekeeping housekeeping;

  public MiniClusterRunner(StatefulFunctionsJob job) {
    this(job, conf -> { });
  }

  /**
   * @param clusterConfiguration adds to the MiniCluster's configuration (metric reporters, the
   *     web UI's bind address) before it starts
   */
  public MiniClusterRunner(StatefulFunctionsJob job, Consumer<Configuration> clusterConfiguration) {
    this.job = job;
    this.snapshots = new SnapshotDirectory(job.settings().checkpointDir());
    this.clusterConfiguration = clusterConfiguration;
  }

  /** Starts the cluster's services on a thread of their own, while the caller checks and builds the job. */
  @Override
  public synchronized void prepare() {
    if (starting != null) {
      return;
    }
    Configuration conf = clusterConfiguration();
    starting = CompletableFuture.supplyAsync(() -> {
      EmbeddedMiniCluster started = new EmbeddedMiniCluster(new MiniClusterConfiguration.Builder()
          .setConfiguration(conf)
          .setNumTaskManagers(1)
          .setNumSlotsPerTaskManager(job.settings().parallelism())
          .build(), job.settings().webUiPort() >= 0);
      try {
        started.start();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
      return started;
    }, task -> {
      Thread thread = new Thread(task, "statefun-minicluster-start");
      thread.setDaemon(true);
      thread.start();
    });
  }

  private Configuration clusterConfiguration() {
    RuntimeSettings settings = job.settings();
    Configuration conf = job.configuration();
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, settings.parallelism());
    conf.set(RestOptions.BIND_PORT, settings.webUiPort() > 0 ? Integer.toString(settings.webUiPort()) : "0");
    conf.set(RestOptions.BIND_ADDRESS, DEFAULT_BIND_ADDRESS);
    conf.set(RestOptions.ADDRESS, DEFAULT_BIND_ADDRESS);
    clusterConfiguration.accept(conf);
    MiniClusterDefaults.applyTo(conf, settings.parallelism());
    return conf;
  }

  /** Starts the cluster (unless {@link #prepare()} did) and the job, and waits until the job runs. */
  public synchronized void start() throws Exception {
    prepare();
    RuntimeSettings settings = job.settings();
    Path restorePath;
    StreamGraph graph;
    try {
      restorePath = SnapshotRestore.choose(snapshots, settings).orElse(null);
      graph = job.streamGraph(restorePath == null ? null : restorePath.toString());
      if (restorePath != null) {
        SnapshotRestore.check(restorePath, graph, settings.allowNonRestoredState());
      }
      cluster = startedCluster();
    } catch (Exception e) {
      closeQuietly();
      throw e;
    }
    if (cluster.hasRestEndpoint()) {
      LOG.info("Flink web UI of {} at {} (listening on {})", settings.applicationId(),
          cluster.getRestAddress().get(10, TimeUnit.SECONDS), cluster.getConfiguration().get(RestOptions.BIND_ADDRESS));
    }
    try {
      JobID submitting = graph.getJobID();
      if (job.handle() instanceof LocalUniverseHandle local) {
        MiniCluster running = cluster;
        local.onFirstOutput(() -> new FirstCheckpoint(running, submitting, FIRST_CHECKPOINT_PATIENCE).trigger());
      }
      jobId = cluster.submitJob(graph).get().getJobID();
      awaitRunning(restorePath);
      watchForFailure(cluster, jobId);
    } catch (Exception e) {
      closeQuietly();
      throw e;
    }
    restoredFrom = restorePath == null ? null : restorePath.toString();
    LOG.info("Started {} (job {}) on an embedded Flink MiniCluster, parallelism {}, {}{}", settings.applicationId(),
        jobId, settings.parallelism(), restorePath == null ? "fresh start" : "restored from " + restorePath,
        cluster.hasRestEndpoint() ? "" : ", web UI off");
    if ("latest".equalsIgnoreCase(settings.restore())) {
      housekeeping = new SnapshotHousekeeping(snapshots, jobId.toString(), restorePath, settings.checkpointInterval());
    } else {
      LOG.info("statefun.flink.restore is {}: snapshots of earlier runs in {} are left in place", settings.restore(),
          snapshots.root());
    }
  }

  private EmbeddedMiniCluster startedCluster() throws Exception {
    try {
      return starting.get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      // get() has taken off the CompletionException the start was wrapped in
      throw e.getCause() instanceof Exception cause ? cause : new IllegalStateException(e.getCause());
    }
  }

  private void awaitRunning(Path restorePath) throws Exception {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      JobStatus status = cluster.getJobStatus(jobId).get(10, TimeUnit.SECONDS);
      if (status == JobStatus.RUNNING) {
        return;
      }
      if (status.isGloballyTerminalState()) {
        JobResult result = cluster.requestJobResult(jobId).get(10, TimeUnit.SECONDS);
        Throwable cause = result.getSerializedThrowable()
            .map(t -> t.deserializeError(getClass().getClassLoader())).orElse(null);
        if (restorePath != null) {
          throw SnapshotMetadata.unrestorable(restorePath, "the job failed restoring it (" + rootMessage(cause) + ")",
              cause);
        }
        throw new IllegalStateException("The job ended while starting: " + status, cause);
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("The job did not reach RUNNING within " + STARTUP_TIMEOUT);
  }

  /**
   * A job that failed for good (its restart attempts used up) is reported here and logged as an
   * error: it does not retry silently forever, and it stays failed until the application restarts.
   */
  private void watchForFailure(MiniCluster watched, JobID watchedJob) {
    watched.requestJobResult(watchedJob).whenComplete((result, error) -> {
      if (result == null || result.getApplicationStatus() != ApplicationStatus.FAILED) {
        return;
      }
      Throwable cause = result.getSerializedThrowable()
          .map(t -> t.deserializeError(MiniClusterRunner.class.getClassLoader()))
          .orElseGet(() -> new IllegalStateException("The job failed without a cause"));
      Throwable functionFailure = functionFailureIn(cause);
      LOG.error("The job of {} (job {}) failed after {} restart attempts and is stopped; it runs again when the "
              + "application restarts, from its last checkpoint: {}", job.settings().applicationId(), watchedJob,
          job.settings().restartAttempts(), functionFailure.getMessage(), cause);
      failure = functionFailure;
    });
  }

  /** The function's failure (naming address and message type) rather than Flink's wrapper of it. */
  private static Throwable functionFailureIn(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof FunctionInvocationException) {
        return cause;
      }
    }
    return error;
  }

  /** Why the job failed for good, once it has; empty while it runs or after a clean stop. */
  @Override
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root != null && root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root);
  }

  public synchronized Optional<JobID> jobId() {
    return Optional.ofNullable(jobId);
  }

  /** The snapshot this run restored, if any. */
  public synchronized Optional<String> restoredFrom() {
    return Optional.ofNullable(restoredFrom);
  }

  public synchronized JobStatus status() throws Exception {
    return cluster == null || jobId == null ? JobStatus.INITIALIZING : cluster.getJobStatus(jobId).get(10, TimeUnit.SECONDS);
  }

  /**
   * The REST address of the cluster (and web UI, when flink-runtime-web is present); empty with the
   * web UI off, as the cluster then runs no REST endpoint.
   */
  @Override
  public synchronized Optional<URI> restAddress() throws Exception {
    return cluster == null || !cluster.hasRestEndpoint() ? Optional.empty()
        : Optional.of(cluster.getRestAddress().get(10, TimeUnit.SECONDS));
  }

  /** Read from the cluster itself, with or without its REST endpoint. */
  @Override
  public Optional<JobOverview> overview() throws Exception {
    EmbeddedMiniCluster running;
    JobID id;
    synchronized (this) {
      running = cluster;
      id = jobId;
    }
    return running == null || id == null ? Optional.empty() : Optional.of(running.overview(id).get(10, TimeUnit.SECONDS));
  }

  @Override
  public String savepoint() throws Exception {
    MiniCluster running;
    JobID id;
    synchronized (this) {
      running = cluster;
      id = jobId;
    }
    if (running == null || id == null) {
      throw new IllegalStateException("The job of " + job.settings().applicationId() + " does not run");
    }
    String path = running.triggerSavepoint(id, snapshots.savepointsUri(), false, SavepointFormatType.CANONICAL)
        .get(job.settings().shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("Took a savepoint of {} (job {}) at {}", job.settings().applicationId(), id, path);
    return path;
  }

  /** Triggers a checkpoint and waits for it; for tests and for operators. */
  public String checkpoint() throws Exception {
    return cluster.triggerCheckpoint(jobId).get(job.settings().shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Stops the job with a savepoint in the checkpoint directory, within the shutdown timeout, then
   * the cluster. Returns the savepoint path, or empty when none could be taken.
   */
  public synchronized Optional<String> stop() {
    if (cluster == null) {
      return Optional.empty();
    }
    Optional<String> savepoint = Optional.empty();
    if (housekeeping != null) {
      housekeeping.close();
      housekeeping = null;
    }
    try {
      if (jobId != null && cluster.getJobStatus(jobId).get(10, TimeUnit.SECONDS) == JobStatus.RUNNING) {
        String path = cluster.stopWithSavepoint(jobId, snapshots.savepointsUri(), false, SavepointFormatType.CANONICAL)
            .get(job.settings().shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Stopped {} with a savepoint at {}", job.settings().applicationId(), path);
        savepoint = Optional.of(path);
      }
    } catch (Exception e) {
      LOG.warn("Could not stop {} with a savepoint within {}; the next start restores the newest checkpoint: {}",
          job.settings().applicationId(), job.settings().shutdownTimeout(), e.toString());
    } finally {
      closeQuietly();
    }
    return savepoint;
  }

  /** Stops the cluster without a savepoint: the next start restores the newest checkpoint. */
  @Override
  public synchronized void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    if (housekeeping != null) {
      housekeeping.close();
      housekeeping = null;
    }
    if (cluster == null && starting != null) {
      cluster = starting.handle((started, failure) -> started).join();
    }
    starting = null;
    if (cluster != null) {
      try {
        cluster.close();
      } catch (Exception e) {
        LOG.warn("Closing the MiniCluster failed: {}", e.toString());
      }
      cluster = null;
    }
  }
}
