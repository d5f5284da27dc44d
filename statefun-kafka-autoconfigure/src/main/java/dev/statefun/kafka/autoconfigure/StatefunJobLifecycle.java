package dev.statefun.kafka.autoconfigure;

import dev.statefun.kafka.runtime.RuntimeSettings;
import dev.statefun.kafka.runtime.cluster.JobRunner;
import dev.statefun.kafka.runtime.cluster.MiniClusterRunner;
import dev.statefun.kafka.runtime.cluster.StatefulFunctionsJob;
import dev.statefun.kafka.runtime.universe.LocalUniverseHandle;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the application's Flink job while the Spring context runs: starts it (restoring the
 * newest snapshot) once the context is ready, and stops it with a savepoint when the context
 * closes (SIGTERM included). The job runs where its {@link JobDeployment} says: an embedded
 * MiniCluster, or a remote Flink cluster.
 */
public class StatefunJobLifecycle implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(StatefunJobLifecycle.class);

  private final StatefulFunctionsUniverse universe;
  private final RuntimeSettings settings;
  private final boolean autoStartup;
  private final JobDeployment deployment;
  private final Supplier<CompletableFuture<?>> checks;
  private LocalUniverseHandle handle;
  private JobRunner runner;

  /**
   * @param deployment where the job runs: an embedded MiniCluster or a remote cluster
   * @param checks begins the checks that need the outside world (e.g. the brokers' transaction
   *     limits); they run on every start, while the job starts, and a failed one fails the start
   */
  public StatefunJobLifecycle(StatefulFunctionsUniverse universe, RuntimeSettings settings, boolean autoStartup,
      JobDeployment deployment, Supplier<CompletableFuture<?>> checks) {
    this.universe = universe;
    this.settings = settings;
    this.autoStartup = autoStartup;
    this.deployment = deployment;
    this.checks = checks;
  }

  @Override
  public boolean isAutoStartup() {
    return autoStartup;
  }

  @Override
  public synchronized void start() {
    handle = LocalUniverseHandle.register(settings.applicationId(), universe);
    try {
      runner = deployment.runner(new StatefulFunctionsJob(universe, deployment.handle(handle), settings));
      // the cluster's services start, and the job with them, while the brokers are checked: the
      // checks only read, and a job whose brokers refuse it writes nothing before it is stopped
      runner.prepare();
      CompletableFuture<?> checked = checks.get();
      try {
        runner.start();
      } catch (Exception e) {
        // what the checks find is said first, as when they ran before the job
        awaitChecks(checked, e);
        throw e;
      }
      awaitChecks(checked, null);
    } catch (RuntimeException e) {
      abandon();
      throw e;
    } catch (Exception e) {
      abandon();
      throw new IllegalStateException("The stateful functions job of " + settings.applicationId()
          + " could not start: " + e.getMessage(), e);
    }
  }

  private static void awaitChecks(CompletableFuture<?> checked, Exception startFailure) {
    try {
      checked.join();
    } catch (CompletionException e) {
      RuntimeException failure = e.getCause() instanceof RuntimeException cause ? cause : e;
      if (startFailure != null) {
        failure.addSuppressed(startFailure);
      }
      throw failure;
    }
  }

  @Override
  public synchronized void stop() {
    if (runner != null) {
      runner.stop();
    }
    release();
  }

  private void abandon() {
    if (runner != null) {
      runner.close();
    }
    release();
  }

  private void release() {
    runner = null;
    if (handle != null) {
      handle.release();
      handle = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return runner != null;
  }

  /** The job's status, or empty when it does not run. */
  public synchronized Optional<JobStatus> jobStatus() {
    if (runner == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(runner.status());
    } catch (Exception e) {
      LOG.debug("Job status unavailable", e);
      return Optional.empty();
    }
  }

  /**
   * Why the job failed for good (a function kept failing after all restart attempts); empty while
   * it runs. Such a job stays stopped until the application restarts.
   */
  public synchronized Optional<Throwable> failure() {
    return runner == null ? Optional.empty() : runner.failure();
  }

  /** The MiniCluster runner of the running job, for diagnostics and tests; empty in remote mode. */
  public synchronized Optional<MiniClusterRunner> runner() {
    return runner instanceof MiniClusterRunner mini ? Optional.of(mini) : Optional.empty();
  }

  /** The runner of the running job, wherever it runs. */
  public synchronized Optional<JobRunner> jobRunner() {
    return Optional.ofNullable(runner);
  }

  public RuntimeSettings settings() {
    return settings;
  }
}
