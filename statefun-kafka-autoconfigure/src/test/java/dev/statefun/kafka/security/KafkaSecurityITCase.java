package dev.statefun.kafka.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.statefun.kafka.runtime.cluster.MiniClusterRunner;
import dev.statefun.kafka.testing.AppProperties;
import dev.statefun.kafka.testing.CapturedLogs;
import dev.statefun.kafka.testing.TestApplications;
import dev.statefun.kafka.testing.TestBroker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application against a broker whose only listener is SASL_PLAINTEXT: the security settings
 * of {@code statefun.kafka.properties} reach every client (sources, the exactly-once sink, the
 * dead-letter sink, the feedback loop of parallelism 2, the startup checks), and the password
 * shows up in no log line (ours, Kafka's or Flink's, at INFO), no error message and no job
 * configuration of Flink's web UI. Spring Boot's {@code spring.kafka.*} settings apply too: a wrong
 * password there fails startup with a message naming protocol and mechanism.
 */
class KafkaSecurityITCase {

  static final String PASSWORD = "Qx7-sasl-s3cret-Lm2";
  static final TestBroker BROKER = TestBroker.startSasl(PASSWORD);

  @TempDir
  Path checkpoints;

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  @Test
  void exactlyOnceEgressDeadLettersAndParallelismTwoWorkOverSaslAndNoLogShowsThePassword() throws Exception {
    BROKER.createTopic("secured-in", 2);
    BROKER.createTopic(SecuredApplication.OUT_TOPIC, 2);
    BROKER.createTopic("secured-dead-letters", 1);
    Map<String, Object> properties = base("secured", checkpoints);
    TestBroker.saslClient(PASSWORD).forEach((key, value) -> properties.put("statefun.kafka.properties." + key, value));
    try (CapturedLogs logs = CapturedLogs.at(Level.INFO, "org.apache.kafka", "org.apache.flink", "dev.statefun", "kafka");
        ConfigurableApplicationContext app = TestApplications.start(SecuredApplication.class, properties, logs.listener())) {
      List<Map.Entry<String, String>> input = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        input.add(Map.entry("k" + i, "v" + i));
        expected.add("v" + i);
      }
      input.add(Map.entry("p1", "poison"));
      input.add(Map.entry("p2", "poison"));
      BROKER.send("secured-in", input);

      assertThat(TestBroker.utf8Values(BROKER.readCommitted(SecuredApplication.OUT_TOPIC, 40, Duration.ofSeconds(90),
          Duration.ofSeconds(1)))).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(BROKER.read("secured-dead-letters", "read_committed", 2, Duration.ofSeconds(60), Duration.ZERO))
          .hasSize(2);

      MiniClusterRunner runner = TestApplications.runner(app);
      URI rest = runner.restAddress().orElseThrow();
      assertThat(logs.text()).as("the web UI's URL is logged").contains("Flink web UI of secured at " + rest);
      assertThat(InetAddress.getByName(rest.getHost()).isLoopbackAddress()).as("web UI on loopback").isTrue();
      for (InetAddress other : nonLoopbackAddresses()) {
        assertThatThrownBy(() -> new Socket(other, rest.getPort()).close()).as("web UI on " + other)
            .isInstanceOf(IOException.class);
      }
      String jobId = runner.jobId().orElseThrow().toString();
      for (String path : List.of("/jobs/" + jobId + "/config", "/jobs/" + jobId, "/jobmanager/config",
          "/taskmanagers")) {
        String body = get(rest.resolve(path));
        assertThat(body).as(path).isNotBlank().doesNotContain(PASSWORD);
      }
      assertThat(logs.text()).as("captured log").contains("sasl.jaas.config").doesNotContain(PASSWORD);
    }
  }

  @Test
  void aWrongPasswordInSpringKafkaSettingsFailsStartupNamingProtocolAndMechanismNotThePassword() {
    String wrong = "wrong-Pw-4711";
    Map<String, Object> properties = base("wrong-password", checkpoints);
    properties.put("spring.kafka.security.protocol", "SASL_PLAINTEXT");
    properties.put("spring.kafka.properties.sasl.mechanism", "PLAIN");
    properties.put("spring.kafka.properties.sasl.jaas.config", TestBroker.plainLogin(TestBroker.SASL_USER, wrong));
    try (CapturedLogs logs = CapturedLogs.at(Level.INFO, "org.apache.kafka", "dev.statefun")) {
      assertThatThrownBy(() -> TestApplications.start(SecuredApplication.class, properties, logs.listener()).close())
          .satisfies(failure -> assertThat(ExceptionUtils.stringifyException(failure))
              .contains("refused the connection of ingress test/in, egress test/out")
              .contains("security.protocol SASL_PLAINTEXT, sasl.mechanism PLAIN")
              .doesNotContain(wrong));
      assertThat(logs.text()).contains("sasl.jaas.config").doesNotContain(wrong);
    }
  }

  static Map<String, Object> base(String applicationId, Path checkpoints) {
    Map<String, Object> properties = AppProperties.base(BROKER, applicationId, checkpoints, "500ms");
    properties.put("statefun.flink.parallelism", "2");
    properties.put("statefun.flink.web-ui.enabled", "true");
    properties.put("statefun.flink.web-ui.port", "0");
    AppProperties.ingress(properties, 0, "test/in", "secured-in", "textDeserializer", "test/relay");
    AppProperties.deadLetters(properties, 0, "secured-dead-letters");
    AppProperties.exactlyOnceEgress(properties, 0, "test/out");
    return properties;
  }


  static List<InetAddress> nonLoopbackAddresses() throws IOException {
    return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
        .flatMap(NetworkInterface::inetAddresses)
        .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
        .toList();
  }

  static String get(URI uri) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(uri.toString()).isEqualTo(200);
    return response.body();
  }
}
