package dev.statefun.kafka.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.statefun.kafka.metrics.MeteredApplication;
import dev.statefun.kafka.runtime.KafkaBrokerCheck;
import dev.statefun.kafka.testing.AppProperties;
import dev.statefun.kafka.testing.CapturedLogs;
import dev.statefun.kafka.testing.TestBroker;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The health {@code statefunJob} and the endpoint {@code statefun} over HTTP in a web
 * application: details of a running job, bindings with client settings sanitized, a savepoint on
 * request; and an application whose broker does not answer: one clear warning, health DOWN with
 * the reason, the clients' connection warnings quiet, and no write access by default.
 */
class ActuatorITCase {

  static final String SECRET = "Tp9-trust-s3cret";
  static final String JAAS_SECRET = "Zk4-jaas-s3cret";
  static final TestBroker BROKER = TestBroker.start();
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path checkpoints;

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  @Test
  void healthShowsTheRunningJobAndTheEndpointShowsBindingsSanitizedAndTakesASavepoint() throws Exception {
    BROKER.createTopic("actuator-in", 1);
    Map<String, Object> properties = properties(BROKER, "actuator", "actuator-in");
    properties.put("management.endpoint.statefun.access", "unrestricted");
    properties.put("statefun.kafka.properties.ssl.truststore.password", SECRET);
    properties.put("statefun.kafka.ingresses[0].properties.sasl.jaas.config", TestBroker.plainLogin("u", JAAS_SECRET));
    try (CapturedLogs logs = CapturedLogs.at(Level.INFO, "org.apache.kafka", "org.apache.flink", "dev.statefun");
        ConfigurableApplicationContext app = start(properties, logs)) {
      URI base = URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port") + "/actuator/");

      JsonNode job = await().atMost(Duration.ofSeconds(60)).until(() -> json(get(base.resolve("health"))).path("components")
          .path("statefunJob"), health -> health.path("details").has("lastCheckpoint"));
      assertThat(job.path("status").asString()).isEqualTo("UP");
      assertThat(job.path("details").path("state").asString()).isEqualTo("RUNNING");
      assertThat(job.path("details").path("jobId").asString()).hasSize(32);
      assertThat(job.path("details").path("restarts").asLong()).isZero();
      assertThat(job.path("details").path("lastCheckpoint").path("id").asLong()).isPositive();

      HttpResponse<String> read = get(base.resolve("statefun"));
      assertThat(read.statusCode()).isEqualTo(200);
      JsonNode statefun = json(read);
      assertThat(statefun.path("job").path("state").asString()).isEqualTo("RUNNING");
      assertThat(statefun.path("job").path("mode").asString()).isEqualTo("mini-cluster");
      assertThat(statefun.path("job").path("parallelism").asInt()).isEqualTo(1);
      assertThat(statefun.path("ingresses").get(0).path("id").asString()).isEqualTo("test/in");
      assertThat(statefun.path("ingresses").get(0).path("properties").path("sasl.jaas.config").asString())
          .isEqualTo("******");
      assertThat(statefun.path("egresses").get(0).path("deliverySemantic").asString()).isEqualTo("exactly-once");
      assertThat(statefun.path("functionTypes").toString()).contains("test/relay");
      assertThat(statefun.path("kafkaClientSettings").path("ssl.truststore.password").asString()).isEqualTo("******");

      HttpResponse<String> savepoint = HTTP.send(HttpRequest.newBuilder(base.resolve("statefun"))
          .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(savepoint.statusCode()).isEqualTo(200);
      String path = json(savepoint).path("savepoint").asString();
      assertThat(Path.of(URI.create(path)).resolve("_metadata")).exists();

      assertThat(read.body() + get(base.resolve("health")).body() + savepoint.body() + logs.text())
          .doesNotContain(SECRET).doesNotContain(JAAS_SECRET);
    }
  }

  @Test
  void withNoBrokerAtTheAddressOneWarningSaysSoTheHealthIsDownWithTheReasonAndWritesNeedUnrestrictedAccess()
      throws Exception {
    String address = "localhost:" + freePort();
    TestBroker nowhere = TestBroker.at(address);
    try (CapturedLogs logs = CapturedLogs.at(Level.INFO, "dev.statefun");
        ConfigurableApplicationContext app = start(properties(nowhere, "no-broker", "nowhere-in"), logs)) {
      URI base = URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port") + "/actuator/");
      JsonNode job = json(get(base.resolve("health"))).path("components").path("statefunJob");
      assertThat(job.path("status").asString()).isEqualTo("DOWN");
      assertThat(job.path("details").path("reason").toString())
          .contains("no Kafka broker answers at " + address + " for ingress test/in, egress test/out");

      Thread.sleep(15_000);
      assertThat(logs.events()).filteredOn(event -> event.getLoggerName().equals(KafkaBrokerCheck.class.getName()))
          .singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("No Kafka broker answers at " + address,
                "ingress test/in, egress test/out", "statefun.kafka.bootstrap-servers");
          });
      assertThat(logs.events()).as("Kafka's connection warnings")
          .noneMatch(event -> event.getLoggerName().startsWith("org.apache.kafka") && event.getLevel() == Level.WARN);

      HttpResponse<String> write = HTTP.send(HttpRequest.newBuilder(base.resolve("statefun"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(write.statusCode()).as("POST without unrestricted access").isNotEqualTo(200);
    }
  }

  Map<String, Object> properties(TestBroker broker, String applicationId, String topic) {
    return properties(broker, applicationId, topic, checkpoints);
  }

  /** A relay from {@code topic} to an exactly-once egress in a web application showing health details and statefun. */
  static Map<String, Object> properties(TestBroker broker, String applicationId, String topic, Path checkpoints) {
    Map<String, Object> properties = AppProperties.base(broker, applicationId, checkpoints.resolve(applicationId), "500ms");
    AppProperties.ingress(properties, 0, "test/in", topic, "textDeserializer", "test/relay");
    AppProperties.exactlyOnceEgress(properties, 0, "test/out");
    properties.put("server.port", "0");
    properties.put("management.endpoints.web.exposure.include", "health,statefun");
    properties.put("management.endpoint.health.show-details", "always");
    return properties;
  }

  static ConfigurableApplicationContext start(Map<String, Object> properties, CapturedLogs logs) {
    return new SpringApplicationBuilder(MeteredApplication.class).web(WebApplicationType.SERVLET)
        .listeners(logs.listener()).properties(properties).run();
  }

  static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }

  static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
