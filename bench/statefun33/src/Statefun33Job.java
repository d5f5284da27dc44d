import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.statefun.flink.core.StatefulFunctionsConfig;
import org.apache.flink.statefun.flink.core.StatefulFunctionsJob;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The statefun33 contender: Apache Flink StateFun 3.3.0's own runtime (StatefulFunctionsJob on Flink 1.16.2's local
 * MiniCluster, in this JVM) calling the bench's RemoteCounterServer, configured by a module.yaml written here: an
 * io.statefun.endpoints.v2/http endpoint for remote/* (default transport, OkHttp), an io.statefun.kafka.v1/ingress on
 * the input topic routing each record (key = function id) to remote/raw-counter, and an io.statefun.kafka.v1/egress
 * remote/counts, exactly-once with a 1 min transaction timeout.
 *
 * <p>Run by the harness in source-file mode on bench/target/lib-statefun33 only (no Flink 2.2 class on that path):
 * {@code java -cp 'lib-statefun33/*' Statefun33Job.java <the bench's RunArgs>}, the function server's URL path
 * template in the system property bench.function-url. Compiled against StateFun 3.3's API, so it is not part of the
 * bench module's sources.
 */
public final class Statefun33Job {

  public static void main(String[] a) throws Exception {
    String bootstrapServers = a[0];
    String inputTopic = a[1];
    String runId = a[3];
    int parallelism = Integer.parseInt(a[4]);
    long checkpointMillis = Long.parseLong(a[5]);
    boolean exactlyOnce = Boolean.parseBoolean(a[6]);
    Path dir = Path.of(a[7]).toAbsolutePath();
    Path module = dir.resolve("module.yaml");
    Files.writeString(module, moduleYaml(bootstrapServers, inputTopic, "statefun33-" + runId,
        System.getProperty("bench.function-url"), exactlyOnce ? "exactly-once" : "at-least-once"));

    Configuration flinkConfig = new Configuration();
    // what StateFun's validator demands of a cluster's flink-conf.yaml; on a local MiniCluster nothing is child-first
    flinkConfig.setString("classloader.parent-first-patterns.additional",
        "org.apache.flink.statefun;org.apache.kafka;com.google.protobuf");
    flinkConfig.setString("statefun.remote.module-name", module.toString());
    flinkConfig.setString("statefun.flink-job-name", "statefun33-" + runId);
    LocalMiniCluster.install(flinkConfig, parallelism, checkpointMillis, dir.resolve("checkpoints"));
    System.out.println("STATEFUN33 parallelism " + parallelism + ", checkpoints every " + checkpointMillis
        + " ms, statefun.async.max-per-task " + StatefulFunctionsConfig.fromFlinkConfiguration(flinkConfig)
        .getMaxAsyncOperationsPerTask() + " (StateFun's default), module " + module);
    System.out.flush();
    // StateFun's own entry point, as a cluster runs it; blocks while the job runs: the harness kills this JVM once it
    // has verified the output
    StatefulFunctionsJob.main();
  }

  /**
   * Makes {@code StreamExecutionEnvironment.getExecutionEnvironment()}, which StatefulFunctionsJob's main asks for, a
   * local environment (a MiniCluster in this JVM) with the bench's parallelism, exactly-once checkpoints of the
   * hashmap state backend into the run's directory: what a cluster's flink-conf.yaml would say.
   */
  private static final class LocalMiniCluster extends StreamExecutionEnvironment {
    static void install(Configuration flinkConfig, int parallelism, long checkpointMillis, Path checkpoints) {
      initializeContextEnvironment(ignored -> {
        // what createLocalEnvironment builds, which refuses to run inside a context environment
        Configuration local = new Configuration(flinkConfig);
        local.setString("execution.target", "local");
        local.setString("execution.attached", "true");
        local.setString("parallelism.default", Integer.toString(parallelism));
        // the MiniCluster's REST endpoint on a free port, never on 8081 of a cluster on this machine
        local.setString("rest.bind-port", "0");
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(local);
        env.enableCheckpointing(checkpointMillis, CheckpointingMode.EXACTLY_ONCE);
        env.setStateBackend(new HashMapStateBackend());
        env.getCheckpointConfig().setCheckpointStorage(checkpoints.toUri().toString());
        return env;
      });
    }
  }

  private static String moduleYaml(String bootstrapServers, String inputTopic, String group, String url,
      String delivery) {
    return """
        kind: io.statefun.endpoints.v2/http
        spec:
          functions: remote/*
          urlPathTemplate: %s
        ---
        kind: io.statefun.kafka.v1/ingress
        spec:
          id: bench/input
          address: %s
          consumerGroupId: %s
          startupPosition:
            type: earliest
          topics:
            - topic: %s
              valueType: bench/input
              targets:
                - remote/raw-counter
        ---
        kind: io.statefun.kafka.v1/egress
        spec:
          id: remote/counts
          address: %s
          deliverySemantic:
            type: %s
            transactionTimeout: 1min
        """.formatted(url, bootstrapServers, group, inputTopic, bootstrapServers, delivery);
  }
}
