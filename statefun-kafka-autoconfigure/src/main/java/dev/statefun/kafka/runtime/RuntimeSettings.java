package dev.statefun.kafka.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * How the job runs: parallelism, checkpoints, restore, state backend, web UI. Built from
 * {@code statefun.flink.*} in a Spring application, or directly in plain Java.
 *
 * @param applicationId names the job; prefixes transactional ids, so
 *     keep it stable across restarts and unique per application on a broker
 * @param defaultKafkaAddress bootstrap servers for specs that name none
 * @param parallelism parallel instances of every operator
 * @param maxParallelism key groups: the highest parallelism the state can be rescaled to
 * @param checkpointInterval time between checkpoints (and exactly-once commits)
 * @param checkpointDir where checkpoints and savepoints go, a URI such as {@code file:///...}
 * @param restore {@code latest} (the newest savepoint or checkpoint found), {@code none}, or a path
 * @param allowNonRestoredState whether state of removed operators may be dropped on restore
 * @param shutdownTimeout how long a stop with savepoint may take
 * @param stateBackend {@code hashmap} or {@code rocksdb}
 * @param webUiPort REST and web UI port; 0 for any free port, -1 for no web UI
 * @param restartAttempts how often a failed job is restarted before it stays failed
 * @param restartDelay pause before each restart
 * @param maxConcurrentRemoteRequests requests to remote functions in flight (sent, or waiting for
 *     a free connection) at once per parallel instance; past it the instance stops taking input
 *     until a reply comes
 */
public record RuntimeSettings(
    String applicationId,
    String defaultKafkaAddress,
    int parallelism,
    int maxParallelism,
    Duration checkpointInterval,
    String checkpointDir,
    String restore,
    boolean allowNonRestoredState,
    Duration shutdownTimeout,
    String stateBackend,
    int webUiPort,
    int restartAttempts,
    Duration restartDelay,
    int maxConcurrentRemoteRequests) {

  /** StateFun's {@code statefun.async.max-per-task} default. */
  public static final int DEFAULT_MAX_CONCURRENT_REMOTE_REQUESTS = 32_768;

  public RuntimeSettings {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    Objects.requireNonNull(checkpointDir, "checkpointDir");
    restore = restore == null ? "latest" : restore;
    shutdownTimeout = shutdownTimeout == null ? Duration.ofSeconds(30) : shutdownTimeout;
    stateBackend = stateBackend == null ? "hashmap" : stateBackend;
    restartDelay = restartDelay == null ? Duration.ofSeconds(1) : restartDelay;
    maxConcurrentRemoteRequests =
        maxConcurrentRemoteRequests <= 0 ? DEFAULT_MAX_CONCURRENT_REMOTE_REQUESTS : maxConcurrentRemoteRequests;
  }

  /** Settings with the default bound on concurrent remote requests. */
  public RuntimeSettings(String applicationId, String defaultKafkaAddress, int parallelism, int maxParallelism,
      Duration checkpointInterval, String checkpointDir, String restore, boolean allowNonRestoredState,
      Duration shutdownTimeout, String stateBackend, int webUiPort, int restartAttempts, Duration restartDelay) {
    this(applicationId, defaultKafkaAddress, parallelism, maxParallelism, checkpointInterval, checkpointDir, restore,
        allowNonRestoredState, shutdownTimeout, stateBackend, webUiPort, restartAttempts, restartDelay,
        DEFAULT_MAX_CONCURRENT_REMOTE_REQUESTS);
  }

  /** Settings for a quick local run: parallelism 1, 1 s checkpoints under {@code ./.statefun/checkpoints}. */
  public static RuntimeSettings defaults(String applicationId, String kafkaAddress) {
    return new RuntimeSettings(applicationId, kafkaAddress, 1, 128, Duration.ofSeconds(1),
        java.nio.file.Path.of(".statefun", "checkpoints").toAbsolutePath().toUri().toString(), "latest", true,
        Duration.ofSeconds(30), "hashmap", -1, 3, Duration.ofSeconds(1));
  }
}
