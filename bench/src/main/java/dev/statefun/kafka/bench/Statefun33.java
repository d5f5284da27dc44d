package dev.statefun.kafka.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The statefun33 contender's JVM: Apache Flink StateFun 3.3.0's runtime on Flink 1.16.2, on a class path of its own
 * ({@code bench/target/lib-statefun33}, copied by {@code bench/statefun33/pom.xml} at package time, no Flink 2.2 class
 * on it), its entry point {@code Statefun33Job.java} run in the JVM's source-file mode (compiled at start against that
 * class path). It calls the same {@link RemoteCounterServer} as the remote contender, function
 * {@code remote/raw-counter}.
 */
final class Statefun33 {

  static final String LIB = "lib-statefun33";
  static final String JOB = "statefun33/Statefun33Job.java";

  /**
   * What Flink 1.16 needs opened on Java 17 (Kryo and Flink's reflection into JDK classes; the list Flink 1.18 puts in
   * {@code env.java.opts.all}), and slf4j-simple's level and time format (Flink logs INFO otherwise).
   */
  private static final List<String> JVM_OPTIONS = List.of(
      "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
      "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.showDateTime=true",
      "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");

  private Statefun33() {}

  static JvmProcess start(List<String> jvmOptions, List<String> args, Path log) throws Exception {
    Path target = buildDirectory();
    Path lib = target.resolve(LIB);
    Path job = target.resolve(JOB);
    if (!Files.isDirectory(lib) || !Files.isRegularFile(job)) {
      throw new IllegalStateException("statefun33 needs " + lib + " and " + job
          + "; build the bench with -Pbench (its package phase builds bench/statefun33/pom.xml)");
    }
    List<String> jvm = new ArrayList<>(JVM_OPTIONS);
    jvm.addAll(jvmOptions);
    return JvmProcess.start(jvm, lib + "/*", job.toString(), args, log);
  }

  /** bench/target: the directory of the harness's jar, or of its classes when run from an IDE. */
  private static Path buildDirectory() throws URISyntaxException {
    return Path.of(Statefun33.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
  }
}
