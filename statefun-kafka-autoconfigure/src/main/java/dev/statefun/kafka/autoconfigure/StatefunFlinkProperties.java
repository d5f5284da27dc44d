package dev.statefun.kafka.autoconfigure;

import dev.statefun.kafka.runtime.RuntimeSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the Flink job of a stateful functions application runs ({@code statefun.flink.*}).
 *
 * <pre>
 * statefun:
 *   flink:
 *     parallelism: 2
 *     checkpoint-interval: 1s
 *     checkpoint-dir: file:./.statefun/checkpoints
 * </pre>
 */
@ConfigurationProperties("statefun.flink")
public class StatefunFlinkProperties {

  /** Where the job runs. */
  private Mode mode = Mode.MINI_CLUSTER;

  /** Whether the job starts with the application context; when false, start the StatefunJobLifecycle bean yourself. */
  private boolean autoStartup = true;

  /** Names the job; prefixes transactional ids. Defaults to spring.application.name. */
  private String applicationId;

  /** Parallel instances of every operator. */
  private int parallelism = 1;

  /** Key groups: the highest parallelism the state can later be rescaled to. */
  private int maxParallelism = 128;

  /** Time between checkpoints; exactly-once egresses commit on each. */
  private Duration checkpointInterval = Duration.ofSeconds(1);

  /** Directory of retained checkpoints and savepoints, one per application: a local path or file: URI, relative to the working directory. */
  private String checkpointDir = "file:./.statefun/checkpoints";

  /** What to restore on start: latest (newest savepoint or checkpoint found), none, or a path. */
  private String restore = "latest";

  /** Whether state of operators that no longer exist may be dropped on restore. */
  private boolean allowNonRestoredState = true;

  /** How long stopping with a savepoint may take. */
  private Duration shutdownTimeout = Duration.ofSeconds(30);

  /** State backend. */
  private StateBackend stateBackend = StateBackend.HASHMAP;

  /**
   * Requests to remote functions in flight (sent, or waiting for one of the endpoint's connections)
   * at once per parallel instance; past it that instance stops taking input. StateFun's
   * statefun.async.max-per-task, with its default.
   */
  private int maxConcurrentRemoteRequests = RuntimeSettings.DEFAULT_MAX_CONCURRENT_REMOTE_REQUESTS;

  /** Restarts of a failed job. */
  private final RestartStrategy restartStrategy = new RestartStrategy();

  /** Flink cluster for mode remote. */
  private final Remote remote = new Remote();

  /** Flink web UI of the embedded cluster. */
  private final WebUi webUi = new WebUi();

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public boolean isAutoStartup() {
    return autoStartup;
  }

  public void setAutoStartup(boolean autoStartup) {
    this.autoStartup = autoStartup;
  }

  public String getApplicationId() {
    return applicationId;
  }

  public void setApplicationId(String applicationId) {
    this.applicationId = applicationId;
  }

  public int getParallelism() {
    return parallelism;
  }

  public void setParallelism(int parallelism) {
    this.parallelism = parallelism;
  }

  public int getMaxParallelism() {
    return maxParallelism;
  }

  public void setMaxParallelism(int maxParallelism) {
    this.maxParallelism = maxParallelism;
  }

  public Duration getCheckpointInterval() {
    return checkpointInterval;
  }

  public void setCheckpointInterval(Duration checkpointInterval) {
    this.checkpointInterval = checkpointInterval;
  }

  public String getCheckpointDir() {
    return checkpointDir;
  }

  public void setCheckpointDir(String checkpointDir) {
    this.checkpointDir = checkpointDir;
  }

  public String getRestore() {
    return restore;
  }

  public void setRestore(String restore) {
    this.restore = restore;
  }

  public boolean isAllowNonRestoredState() {
    return allowNonRestoredState;
  }

  public void setAllowNonRestoredState(boolean allowNonRestoredState) {
    this.allowNonRestoredState = allowNonRestoredState;
  }

  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  public StateBackend getStateBackend() {
    return stateBackend;
  }

  public void setStateBackend(StateBackend stateBackend) {
    this.stateBackend = stateBackend;
  }

  public int getMaxConcurrentRemoteRequests() {
    return maxConcurrentRemoteRequests;
  }

  public void setMaxConcurrentRemoteRequests(int maxConcurrentRemoteRequests) {
    this.maxConcurrentRemoteRequests = maxConcurrentRemoteRequests;
  }

  public RestartStrategy getRestartStrategy() {
    return restartStrategy;
  }

  public Remote getRemote() {
    return remote;
  }

  public WebUi getWebUi() {
    return webUi;
  }

  /** Where the job runs. */
  public enum Mode {
    /** An embedded Flink MiniCluster in the application's JVM. */
    MINI_CLUSTER,
    /** A running Flink session cluster. */
    REMOTE
  }

  /** Where keyed state lives. */
  public enum StateBackend {
    /** On the JVM heap. */
    HASHMAP,
    /** In RocksDB on local disk, with incremental checkpoints; needs flink-statebackend-rocksdb. */
    ROCKSDB
  }

  /** Fixed-delay restarts of a failed job. */
  public static class RestartStrategy {

    /** Restarts before the job stays failed. */
    private int attempts = 3;

    /** Pause before each restart. */
    private Duration delay = Duration.ofSeconds(1);

    public int getAttempts() {
      return attempts;
    }

    public void setAttempts(int attempts) {
      this.attempts = attempts;
    }

    public Duration getDelay() {
      return delay;
    }

    public void setDelay(Duration delay) {
      this.delay = delay;
    }
  }

  /** A Flink session cluster's REST endpoint. */
  public static class Remote {

    /** JobManager REST host. */
    private String host = "localhost";

    /** JobManager REST port. */
    private int port = 8081;

    /** Whether to leave the job running when the application stops. */
    private boolean detach;

    public String getHost() {
      return host;
    }

    public void setHost(String host) {
      this.host = host;
    }

    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = port;
    }

    public boolean isDetach() {
      return detach;
    }

    public void setDetach(boolean detach) {
      this.detach = detach;
    }
  }

  /** The embedded cluster's web UI and REST API. */
  public static class WebUi {

    /** Whether to serve the Flink web UI and REST API on the port below (off: no REST endpoint at all). */
    private boolean enabled;

    /** Web UI port. */
    private int port = 8081;

    /** Address the web UI and REST endpoint listen on; 0.0.0.0 for every interface (then secure it yourself). */
    private String address = "127.0.0.1";

    public String getAddress() {
      return address;
    }

    public void setAddress(String address) {
      this.address = address;
    }

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = port;
    }
  }
}
