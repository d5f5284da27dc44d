package dev.statefun.kafka.bench;

import dev.statefun.kafka.io.HttpFunctionEndpointSpec;
import dev.statefun.kafka.io.KafkaIngressDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * statefun-kafka running the counter as a remote function: the same ingress as {@link StatefunCounterApp}
 * (record key = function id, the record timestamp as a {@code Long}) targeting {@code remote/counter}, every
 * {@code remote/*} type bound to the {@link RemoteCounterServer} in another JVM, and a generic exactly-once
 * egress {@code remote/counts} writing the SDK's Kafka records; configured in {@code statefun-remote-counter.yml}.
 * The endpoint's URL comes from the system property {@value #URL_PROPERTY}.
 *
 * <p>Not a {@code @SpringBootApplication} (nor any {@code @Component}): {@link StatefunCounterApp} scans this
 * package, and must not find this endpoint; it scans nothing and only auto-configures.
 */
@EnableAutoConfiguration
public class RemoteCounterApp {

  static final String URL_PROPERTY = "bench.function-url";

  public static void main(String[] argv) throws Exception {
    RunArgs args = RunArgs.parse(argv);
    SpringApplication app = new SpringApplication(RemoteCounterApp.class);
    app.run(args.springArguments("statefun-remote-counter", "remote"));
    RunArgs.idleUntilKilled();
  }

  @Bean
  HttpFunctionEndpointSpec remoteFunctions(@Value("${" + URL_PROPERTY + "}") String url) {
    return HttpFunctionEndpointSpec.builder("remote/*").withUrlPathTemplate(url).build();
  }

  @Bean
  KafkaIngressDeserializer<Long> inputTimestamp() {
    return record -> record.timestamp();
  }
}
