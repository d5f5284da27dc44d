package dev.statefun.kafka.autoconfigure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.autoconfigure.preinitialize.BackgroundPreinitializer;

/**
 * Loads the classes a starting job needs (about 6,000: Flink's, Kafka's clients', this runtime's
 * and the Spring classes a context loads late, listed in {@value #CLASS_LIST}) on Spring Boot's
 * background preinitialization thread, while the
 * main thread is busy with the application context: the job's start then finds them loaded
 * instead of loading them one by one on its critical path. Classes are loaded, not initialized,
 * so nothing of theirs runs early; names this class path lacks are skipped. Off with
 * {@code -Dspring.backgroundpreinitializer.ignore=true}, as all of Spring Boot's, and on a single
 * CPU.
 */
final class StatefunClassPreinitializer implements BackgroundPreinitializer {

  static final String CLASS_LIST = "META-INF/statefun-kafka/preload-classes.txt";

  @Override
  public void preinitialize() throws IOException {
    load(StatefunClassPreinitializer.class.getClassLoader());
  }

  /** Loads the listed classes; returns how many of them this loader has. */
  static int load(ClassLoader loader) throws IOException {
    int loaded = 0;
    try (InputStream list = loader.getResourceAsStream(CLASS_LIST)) {
      if (list == null) {
        return 0;
      }
      BufferedReader names = new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8));
      for (String name = names.readLine(); name != null; name = names.readLine()) {
        if (name.isBlank() || name.startsWith("#")) {
          continue;
        }
        try {
          Class.forName(name, false, loader);
          loaded++;
        } catch (ClassNotFoundException | LinkageError absent) {
          // another version of Flink or Kafka: the class is not needed, or is loaded when it is
        }
      }
    }
    return loaded;
  }
}
