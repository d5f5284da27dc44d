package dev.statefun.kafka.runtime.cluster;

import dev.statefun.kafka.runtime.RuntimeSettings;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the job on a running Flink session cluster through its REST endpoint: submits it with
 * the application's {@link JobJars jars}, restoring the newest savepoint or retained checkpoint
 * of the checkpoint directory (which the cluster must reach at the same path), and stops it with
 * a savepoint there, or leaves it running when the cluster is used {@link RemoteCluster#detach()
 * detached}.
 *
 * <p>A job of the same name that still runs on the cluster (left by a detached stop) is taken
 * over instead of submitting a second one that would fight it over transactional ids and offsets.
 */
public final class RemoteClusterRunner implements JobRunner {

  private static final Logger LOG = LoggerFactory.getLogger(RemoteClusterRunner.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final StatefulFunctionsJob job;
  private final RemoteCluster cluster;
  private final SnapshotDirectory snapshots;
  private RestClusterClient<StandaloneClusterId> client;
  private JobID jobId;
  private String restoredFrom;

  public RemoteClusterRunner(StatefulFunctionsJob job, RemoteCluster cluster) {
    this.job = job;
    this.cluster = cluster;
    this.snapshots = new SnapshotDirectory(job.settings().checkpointDir());
  }

  @Override
  public synchronized void start() throws Exception {
    RuntimeSettings settings = job.settings();
    client = new RestClusterClient<>(clientConfiguration(), StandaloneClusterId.getInstance());
    String name = job.configuration().get(PipelineOptions.NAME);
    Optional<JobStatusMessage> running = runningJobNamed(name);
    if (running.isPresent()) {
      jobId = running.get().getJobId();
      LOG.info("Took over {} (job {}, {}) still running on the Flink cluster at {}; it keeps the parallelism and graph "
          + "it was submitted with (stop the application without detach to change them)", settings.applicationId(), jobId,
          running.get().getJobState(), cluster);
      return;
    }
    Path restore = SnapshotRestore.choose(snapshots, settings).orElse(null);
    String restorePath = restore == null ? null : restore.toString();
    StreamGraph graph = job.streamGraph(restorePath);
    if (restore != null) {
      SnapshotRestore.check(restore, graph, settings.allowNonRestoredState());
    }
    graph.setClasspath(List.of());
    graph.addJars(urls(JobJars.ofApplication()));
    // as Flink's session cluster executor does: the operators travel serialized, the JobManager reads them with the job's jars
    graph.serializeUserDefinedInstances();
    try {
      jobId = client.submitJob(graph).get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      restoredFrom = restorePath;
      awaitRunning(restorePath);
    } catch (Exception e) {
      cancelQuietly();
      closeClient();
      throw e;
    }
    LOG.info("Started {} (job {}) on the Flink cluster at {}, parallelism {}, {}", settings.applicationId(), jobId,
        cluster, settings.parallelism(), restorePath == null ? "fresh start" : "restored from " + restorePath);
  }

  private Configuration clientConfiguration() {
    Configuration conf = new Configuration();
    conf.set(JobManagerOptions.ADDRESS, cluster.host());
    conf.set(RestOptions.ADDRESS, cluster.host());
    conf.set(RestOptions.PORT, cluster.port());
    return conf;
  }

  private Optional<JobStatusMessage> runningJobNamed(String name) throws Exception {
    try {
      return client.listJobs().get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
          .filter(message -> name.equals(message.getJobName()) && !message.getJobState().isGloballyTerminalState())
          .findFirst();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new StatefunConfigurationException("statefun.flink.remote",
          "the Flink cluster at " + cluster + " does not answer: " + e.getCause(),
          "Start the cluster, or point statefun.flink.remote.host and statefun.flink.remote.port at its JobManager's REST endpoint");
    }
  }

  private static List<URL> urls(List<Path> jars) throws MalformedURLException {
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars) {
      urls.add(jar.toUri().toURL());
    }
    return urls;
  }

  private void awaitRunning(String restorePath) throws Exception {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      JobStatus status = status();
      if (status == JobStatus.RUNNING) {
        return;
      }
      if (status.isGloballyTerminalState()) {
        JobResult result = client.requestJobResult(jobId).get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Throwable cause = result.getSerializedThrowable()
            .map(t -> t.deserializeError(getClass().getClassLoader())).orElse(null);
        if (restorePath != null) {
          throw new StatefunConfigurationException("statefun.flink.restore",
              "the job could not be restored from " + restorePath + ": " + cause,
              "Fix or remove that snapshot, or set statefun.flink.restore=none to start without state");
        }
        throw new IllegalStateException("The job ended while starting: " + status, cause);
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("The job did not reach RUNNING on " + cluster + " within " + STARTUP_TIMEOUT);
  }

  @Override
  public synchronized Optional<JobID> jobId() {
    return Optional.ofNullable(jobId);
  }

  @Override
  public synchronized Optional<String> restoredFrom() {
    return Optional.ofNullable(restoredFrom);
  }

  @Override
  public synchronized JobStatus status() throws Exception {
    return client == null || jobId == null ? JobStatus.INITIALIZING
        : client.getJobStatus(jobId).get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public Optional<URI> restAddress() {
    return Optional.of(URI.create("http://" + cluster.host() + ":" + cluster.port()));
  }

  @Override
  public String savepoint() throws Exception {
    RestClusterClient<StandaloneClusterId> running;
    JobID id;
    synchronized (this) {
      running = client;
      id = jobId;
    }
    if (running == null || id == null) {
      throw new IllegalStateException("The job of " + job.settings().applicationId() + " does not run on " + cluster);
    }
    String path = running.triggerSavepoint(id, snapshots.savepointsUri(), SavepointFormatType.CANONICAL)
        .get(job.settings().shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("Took a savepoint of {} (job {}) on {} at {}", job.settings().applicationId(), id, cluster, path);
    return path;
  }

  /** The cluster's REST endpoint and web UI. */
  public RemoteCluster cluster() {
    return cluster;
  }

  /**
   * Stops the job with a savepoint in the checkpoint directory within the shutdown timeout; when
   * detached, leaves it running and says so.
   */
  @Override
  public synchronized Optional<String> stop() {
    if (client == null || jobId == null) {
      return Optional.empty();
    }
    String applicationId = job.settings().applicationId();
    try {
      if (cluster.detach()) {
        LOG.info("Leaving {} (job {}) running on the Flink cluster at {} (statefun.flink.remote.detach=true); the next "
            + "start of the application takes it over. Stop it with a savepoint with: flink stop --savepointPath {} {}",
            applicationId, jobId, cluster, snapshots.savepointsUri(), jobId);
        return Optional.empty();
      }
      if (status() == JobStatus.RUNNING) {
        String path = client.stopWithSavepoint(jobId, false, snapshots.savepointsUri(), SavepointFormatType.CANONICAL)
            .get(job.settings().shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Stopped {} (job {}) on the Flink cluster at {} with a savepoint at {}", applicationId, jobId, cluster, path);
        return Optional.of(path);
      }
      LOG.warn("{} (job {}) was not running on {} when the application stopped: {}", applicationId, jobId, cluster, status());
    } catch (Exception e) {
      // as the embedded cluster does when it closes: no job is left running without its application
      LOG.warn("Could not stop {} (job {}) on {} with a savepoint within {}: {}; cancelling it, the next start "
          + "restores its newest checkpoint", applicationId, jobId, cluster, job.settings().shutdownTimeout(), e.toString());
      cancelQuietly();
    } finally {
      closeClient();
    }
    return Optional.empty();
  }

  /** Disconnects from the cluster; the job keeps running there. */
  @Override
  public synchronized void close() {
    closeClient();
  }

  private void cancelQuietly() {
    if (client != null && jobId != null) {
      try {
        client.cancel(jobId).get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.debug("Cancelling job {} failed", jobId, e);
      }
    }
  }

  private void closeClient() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
