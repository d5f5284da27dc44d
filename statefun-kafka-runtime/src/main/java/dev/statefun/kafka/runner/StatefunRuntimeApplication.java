package dev.statefun.kafka.runner;

import dev.statefun.kafka.autoconfigure.KafkaBootstrapServers;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Runs a StateFun 3.x deployment with no code of the user's: the remote function endpoints, Kafka
 * ingresses and egresses of a {@code module.yaml}, as one exactly-once Flink job.
 *
 * <pre>
 * java -jar statefun-kafka-runtime.jar --statefun.kafka.module=file:module.yaml
 * java -jar statefun-kafka-runtime.jar --statefun.kafka.module=file:module.yaml \
 *     --statefun.flink.mode=remote --statefun.flink.remote.host=jobmanager
 * </pre>
 *
 * <p>By default the job runs on a Flink MiniCluster in this JVM, checkpointing to
 * {@code ./.statefun/checkpoints} and restoring from there on the next start. Every
 * {@code statefun.*} and {@code spring.kafka.*} setting applies, from the command line, an
 * {@code application.yml} next to the jar, or the environment ({@code STATEFUN_FLINK_PARALLELISM=2}).
 */
@SpringBootApplication
public class StatefunRuntimeApplication {

  public static void main(String[] args) {
    application().run(args);
  }

  /** The application, refusing to start without a module (or {@code statefun.*} bindings) to run. */
  public static SpringApplication application() {
    SpringApplication application = new SpringApplication(StatefunRuntimeApplication.class);
    application.addListeners(new ModuleFiles());
    return application;
  }

  /** Ahead of Spring Boot's Kafka connection (order 10), whose default is localhost:9092. */
  @Bean
  @Order(5)
  KafkaBootstrapServers statefunModuleKafkaAddress(StatefulFunctionsUniverse universe, Environment environment) {
    return new ModuleKafkaAddress(universe, environment);
  }
}
