package dev.statefun.kafka.runtime.cluster;

import java.net.URI;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;

/**
 * Runs the job of an application somewhere: on an embedded {@link MiniClusterRunner MiniCluster}
 * or on a {@link RemoteClusterRunner remote session cluster}. Starting restores the newest
 * snapshot of the checkpoint directory; stopping takes a savepoint there.
 */
public interface JobRunner extends AutoCloseable {

  /**
   * Begins, in the background, what does not depend on the job (an embedded cluster's services),
   * so it overlaps with the checks that run before {@link #start()}; optional.
   */
  default void prepare() {
  }

  /** Starts the job and waits until it runs. */
  void start() throws Exception;

  Optional<JobID> jobId();

  /** The snapshot this run restored, if any. */
  Optional<String> restoredFrom();

  JobStatus status() throws Exception;

  /** Why the job failed for good (its restart attempts used up), once it has; empty otherwise. */
  default Optional<Throwable> failure() {
    return Optional.empty();
  }

  /** The cluster's REST endpoint (and web UI), once it runs; empty when it has none. */
  default Optional<URI> restAddress() throws Exception {
    return Optional.empty();
  }

  /** What the cluster says about the job (state, restarts, last checkpoint), once it was submitted. */
  default Optional<JobOverview> overview() throws Exception {
    return JobOverview.fromRestApi(this);
  }

  /** Takes a savepoint of the running job in the checkpoint directory and returns its path; the job goes on. */
  String savepoint() throws Exception;

  /** Stops the job with a savepoint; returns its path, or empty when none was taken. */
  Optional<String> stop();

  /** Lets go of the job without a savepoint. */
  @Override
  void close();
}
