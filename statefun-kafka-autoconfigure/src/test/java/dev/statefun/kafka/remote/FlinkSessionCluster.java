package dev.statefun.kafka.remote;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real Flink 2.2 session cluster for tests: a JobManager ({@code
 * StandaloneSessionClusterEntrypoint}) and one TaskManager ({@code TaskManagerRunner}) as separate
 * JVM processes, started as Flink's own scripts start them, from the Flink jars of the test class
 * path (what a Flink distribution's {@code lib/} holds: no connectors, no application classes).
 *
 * <p>Processes are stopped by their PID on {@link #close()}, and by a JVM shutdown hook when a test
 * run dies before that.
 */
public final class FlinkSessionCluster implements AutoCloseable {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
  private static final Pattern SLOTS_TOTAL = Pattern.compile("\"slots-total\"\\s*:\\s*(\\d+)");

  private final Path home;
  private final int restPort;
  private final List<Process> processes = new ArrayList<>();
  private final Thread shutdownHook = new Thread(this::stopProcesses, "flink-session-cluster-stop");

  private FlinkSessionCluster(Path home, int restPort) {
    this.home = home;
    this.restPort = restPort;
  }

  /** Starts a JobManager and a TaskManager with the given number of slots, and waits until all slots are registered. */
  public static FlinkSessionCluster start(Path home, int slots) {
    FlinkSessionCluster cluster = new FlinkSessionCluster(home, freePort());
    Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    try {
      cluster.writeConfiguration(slots);
      cluster.startJobManager();
      cluster.startTaskManager();
      cluster.awaitSlots(slots);
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw new IllegalStateException("The Flink session cluster did not start; logs are in " + home.resolve("log"), e);
    }
  }

  public String host() {
    return "localhost";
  }

  public int restPort() {
    return restPort;
  }

  public Path logDirectory() {
    return home.resolve("log");
  }

  /** The PIDs of the running cluster processes. */
  public List<Long> pids() {
    return processes.stream().filter(Process::isAlive).map(Process::pid).toList();
  }

  private void writeConfiguration(int slots) throws IOException {
    Files.createDirectories(home.resolve("conf"));
    Files.createDirectories(home.resolve("log"));
    String config = String.join("\n",
        "jobmanager.rpc.address: localhost",
        "jobmanager.rpc.port: " + freePort(),
        "jobmanager.bind-host: localhost",
        "jobmanager.memory.process.size: 1g",
        "taskmanager.host: localhost",
        "taskmanager.bind-host: localhost",
        "taskmanager.numberOfTaskSlots: " + slots,
        "taskmanager.memory.process.size: 1280m",
        "taskmanager.memory.jvm-metaspace.size: 320m",
        // the jobs here keep state on the heap: little managed memory, more task heap for the application's context
        "taskmanager.memory.managed.fraction: 0.1",
        "rest.address: localhost",
        "rest.bind-address: localhost",
        "rest.port: " + restPort,
        "io.tmp.dirs: " + home.resolve("tmp"),
        "");
    Files.writeString(home.resolve("conf/config.yaml"), config);
    Files.createDirectories(home.resolve("tmp"));
    Files.writeString(home.resolve("conf/logback.xml"), """
        <configuration>
          <appender name="FILE" class="ch.qos.logback.core.FileAppender">
            <file>${log.file}</file>
            <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
          </appender>
          <logger name="org.apache.kafka" level="WARN"/>
          <root level="INFO"><appender-ref ref="FILE"/></root>
        </configuration>
        """);
  }

  private void startJobManager() throws IOException {
    List<String> command = java("jobmanager", List.of("-Xmx512m", "-Xms512m"));
    command.add("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
    command.addAll(List.of("--configDir", home.resolve("conf").toString()));
    processes.add(launch(command, "jobmanager"));
  }

  /** As Flink's taskmanager.sh: BashJavaUtils derives the JVM memory flags and dynamic properties from the config. */
  private void startTaskManager() throws Exception {
    List<String> utils = java("bash-java-utils", List.of());
    utils.add("org.apache.flink.runtime.util.bash.BashJavaUtils");
    utils.addAll(List.of("GET_TM_RESOURCE_PARAMS", "--configDir", home.resolve("conf").toString()));
    Process process = launch(utils, "bash-java-utils");
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("BashJavaUtils failed: " + Files.readString(home.resolve("log/bash-java-utils.out")));
    }
    String prefix = "BASH_JAVA_UTILS_EXEC_RESULT:";
    List<String> results = Files.readAllLines(home.resolve("log/bash-java-utils.out")).stream()
        .filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length())).toList();
    if (results.size() < 2) {
      throw new IllegalStateException("Unexpected BashJavaUtils output: " + results);
    }
    // the JVM memory flags, then the dynamic properties (-D key=value)
    List<String> jvmArgs = split(results.get(results.size() - 2));
    List<String> dynamicProperties = split(results.get(results.size() - 1));
    List<String> command = java("taskmanager", jvmArgs);
    command.add("org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
    command.addAll(List.of("--configDir", home.resolve("conf").toString()));
    command.addAll(dynamicProperties);
    processes.add(launch(command, "taskmanager"));
  }

  private static List<String> split(String line) {
    return Arrays.stream(line.trim().split("\\s+")).filter(s -> !s.isEmpty()).collect(Collectors.toList());
  }

  private List<String> java(String name, List<String> jvmArgs) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.addAll(JAVA_17_OPENS);
    command.add("-Dlog.file=" + home.resolve("log/" + name + ".log"));
    command.add("-Dlogback.configurationFile=" + home.resolve("conf/logback.xml"));
    command.addAll(List.of("-cp", FlinkDistributionClasspath.fromTestClasspath()));
    return command;
  }

  private Process launch(List<String> command, String name) throws IOException {
    return new ProcessBuilder(command)
        .directory(home.toFile())
        .redirectErrorStream(true)
        .redirectOutput(home.resolve("log/" + name + ".out").toFile())
        .start();
  }

  private void awaitSlots(int slots) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest overview = HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + "/overview"))
        .timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (Process process : processes) {
        if (!process.isAlive()) {
          throw new IllegalStateException("A cluster process exited with " + process.exitValue());
        }
      }
      try {
        String body = http.send(overview, HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = SLOTS_TOTAL.matcher(body);
        if (matcher.find() && Integer.parseInt(matcher.group(1)) >= slots) {
          return;
        }
      } catch (IOException notYet) {
        // the REST endpoint is not up yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("The cluster did not offer " + slots + " slots within " + STARTUP_TIMEOUT);
  }

  /** Stops the processes by PID: destroy (SIGTERM), then destroyForcibly after 15 s. */
  @Override
  public void close() {
    stopProcesses();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs or ran already
    }
  }

  private synchronized void stopProcesses() {
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      try {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    processes.clear();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The module flags Flink's scripts pass on Java 17 (env.java.opts.all of the default config). */
  private static final List<String> JAVA_17_OPENS = List.of(
      "-XX:+IgnoreUnrecognizedVMOptions",
      "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
      "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.text=ALL-UNNAMED",
      "--add-opens=java.base/java.time=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  /**
   * What a Flink distribution's {@code lib/} would hold, taken from the test class path by Maven
   * coordinates: Flink itself and its libraries, and logging; not the Kafka connector, Kafka,
   * Spring or the application, which the job must ship.
   */
  static final class FlinkDistributionClasspath {

    private static final List<String> GROUPS = List.of(
        "org/apache/flink/", "org/apache/commons/", "commons-collections/", "commons-io/", "commons-cli/",
        "com/esotericsoftware/", "org/objenesis/", "org/javassist/", "tools/profiler/", "com/google/code/findbugs/",
        "org/xerial/snappy/", "at/yawk/lz4/", "org/lz4/", "com/ververica/", "org/snakeyaml/",
        "org/slf4j/", "ch/qos/logback/", "org/apache/logging/log4j/");
    private static final List<String> NOT_IN_DISTRIBUTION = List.of(
        "org/apache/flink/flink-connector-kafka/", "org/apache/flink/flink-connector-base/");

    static String fromTestClasspath() {
      String repository = Path.of(System.getProperty("user.home"), ".m2", "repository").toString().replace(File.separatorChar, '/') + "/";
      List<String> entries = new ArrayList<>();
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        String normalized = entry.replace(File.separatorChar, '/');
        int at = normalized.indexOf("/repository/");
        String coordinates = normalized.startsWith(repository) ? normalized.substring(repository.length())
            : at >= 0 ? normalized.substring(at + "/repository/".length()) : null;
        if (coordinates != null && GROUPS.stream().anyMatch(coordinates::startsWith)
            && NOT_IN_DISTRIBUTION.stream().noneMatch(coordinates::startsWith)) {
          entries.add(entry);
        }
      }
      return String.join(File.pathSeparator, entries);
    }
  }
}
