package dev.statefun.kafka.autoconfigure;

import dev.statefun.kafka.runtime.RuntimeSettings;
import dev.statefun.kafka.runtime.cluster.MiniClusterRunner;
import dev.statefun.kafka.runtime.cluster.StatefulFunctionsJob;
import dev.statefun.kafka.runtime.universe.LocalUniverseHandle;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import java.util.Optional;
import org.apache.flink.api.common.JobStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the application's Flink job while the Spring context runs: starts it (restoring the
 * newest snapshot) once the context is ready, and stops it with a savepoint when the context
 * closes (SIGTERM included).
 */
public class StatefunJobLifecycle implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(StatefunJobLifecycle.class);

  private final StatefulFunctionsUniverse universe;
  private final RuntimeSettings settings;
  private final boolean autoStartup;
  private final Runnable beforeStart;
  private LocalUniverseHandle handle;
  private MiniClusterRunner runner;

  /**
   * @param beforeStart checks that need the outside world (e.g. the brokers' transaction limits);
   *     they run on every start and may fail it
   */
  public StatefunJobLifecycle(
      StatefulFunctionsUniverse universe, RuntimeSettings settings, boolean autoStartup, Runnable beforeStart) {
    this.universe = universe;
    this.settings = settings;
    this.autoStartup = autoStartup;
    this.beforeStart = beforeStart;
  }

  @Override
  public boolean isAutoStartup() {
    return autoStartup;
  }

  @Override
  public synchronized void start() {
    beforeStart.run();
    handle = LocalUniverseHandle.register(settings.applicationId(), universe);
    runner = new MiniClusterRunner(new StatefulFunctionsJob(universe, handle, settings));
    try {
      runner.start();
    } catch (RuntimeException e) {
      release();
      throw e;
    } catch (Exception e) {
      release();
      throw new IllegalStateException("The stateful functions job of " + settings.applicationId()
          + " could not start: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void stop() {
    if (runner != null) {
      runner.stop();
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

  /** The runner of the running job, for diagnostics and tests. */
  public synchronized Optional<MiniClusterRunner> runner() {
    return Optional.ofNullable(runner);
  }

  public RuntimeSettings settings() {
    return settings;
  }
}
