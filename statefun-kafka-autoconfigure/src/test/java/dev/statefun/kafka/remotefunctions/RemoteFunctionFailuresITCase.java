package dev.statefun.kafka.remotefunctions;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.statefun.kafka.autoconfigure.StatefunJobLifecycle;
import dev.statefun.kafka.testing.TestApplications;
import dev.statefun.kafka.testing.TestBroker;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a remote function can do wrong, and what an endpoint can answer wrong, fails the job
 * with a message naming the function type, the address, the URL and what was wrong.
 */
class RemoteFunctionFailuresITCase {

  static final TestBroker BROKER = TestBroker.start();

  @TempDir
  static Path checkpoints;

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  @Test
  void aReplyThatIsNotTheProtocolFailsNamingTheFunctionAndTheReplysStart() throws Exception {
    HttpServer server = rawServer(200, "<html>not a function</html>");
    try {
      Throwable failure = runUntilFailure("remote/garbage", url(server), "garbage", Map.of());
      assertThat(messages(failure)).contains("remote/garbage", "remote/garbage/k", url(server).replace("{function.name}", "garbage"),
          "is not a StateFun 3.x reply", "<html>not a function");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aStatusThatIsNotRetriedFailsAtOnceNamingTheStatusAndTheUrl() throws Exception {
    HttpServer server = rawServer(404, "no such function");
    try {
      Throwable failure = runUntilFailure("remote/missing", url(server), "missing", Map.of());
      assertThat(messages(failure)).contains("remote/missing/k", "HTTP 404", "no such function",
          "this status is not retried");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void anEndpointThatDoesNotAnswerWithinTheCallTimeoutFailsTheJob() throws Exception {
    try (SdkFunctionServer server = new SdkFunctionServer(SdkFunctions.counter("never"))) {
      server.hold();
      Throwable failure = runUntilFailure("remote/counter", server.urlPathTemplate(), "timeout",
          Map.of("statefun.endpoints[0].timeouts.call", "2s"));
      assertThat(messages(failure)).contains("remote/counter/k", "call timeout (PT2S) has passed");
    }
  }

  @Test
  void aMessageToAnEgressOrFunctionTypeThatIsNotBoundFailsNamingIt() throws Exception {
    try (SdkFunctionServer server = new SdkFunctionServer(SdkFunctions.lostEgress(), SdkFunctions.lostMessage())) {
      assertThat(messages(runUntilFailure("remote/lost-egress", server.urlPathTemplate(), "lost-egress", Map.of())))
          .contains("remote/lost-egress", "egress remote/nowhere, which is not bound", "bound egresses are [remote/counts]");
      assertThat(messages(runUntilFailure("remote/lost-message", server.urlPathTemplate(), "lost-message", Map.of())))
          .contains("remote/lost-message", "nowhere/fn/x", "function type is not bound", "remote/*");
    }
  }

  @Test
  void aStateWhoseTypeChangedAcrossARestartFailsNamingTheStateAndBothTypes() throws Exception {
    Map<String, Object> properties;
    try (SdkFunctionServer ints = new SdkFunctionServer(
        SdkFunctions.typed(ValueSpec.named("seen").withIntType(), seen -> seen.orElse(0) + 1))) {
      properties = properties("remote/typed", ints.urlPathTemplate(), "typed", Map.of());
      try (ConfigurableApplicationContext app = TestApplications.start(RemoteFunctionsApplication.class, properties)) {
        BROKER.send("typed-in", "k", "x");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (ints.requests() < 2 && System.nanoTime() < deadline) {
          Thread.sleep(100); // the handshake registers the state, the second request writes it
        }
        Thread.sleep(1_000);
      }
    }
    try (SdkFunctionServer strings = new SdkFunctionServer(
        SdkFunctions.typed(ValueSpec.named("seen").withUtf8StringType(), seen -> seen.orElse("") + "1"))) {
      Map<String, Object> restarted = new LinkedHashMap<>(properties);
      restarted.put("statefun.endpoints[0].url-path-template", strings.urlPathTemplate());
      try (ConfigurableApplicationContext app = TestApplications.start(RemoteFunctionsApplication.class, restarted)) {
        BROKER.send("typed-in", "k", "x");
        assertThat(messages(awaitFailure(TestApplications.job(app)))).contains("State 'seen' of remote/typed/k",
            "io.statefun.types/int", "io.statefun.types/string");
      }
    }
  }

  private static Throwable runUntilFailure(String type, String url, String name, Map<String, Object> more)
      throws InterruptedException {
    Map<String, Object> properties = properties(type, url, name, more);
    try (ConfigurableApplicationContext app = TestApplications.start(RemoteFunctionsApplication.class, properties)) {
      BROKER.send(name + "-in", "k", "x");
      return awaitFailure(TestApplications.job(app));
    }
  }

  private static Map<String, Object> properties(String type, String url, String name, Map<String, Object> more) {
    BROKER.createTopic(name + "-in", 1);
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("statefun.kafka.bootstrap-servers", BROKER.bootstrapServers());
    properties.put("statefun.kafka.ingresses[0].id", "remote/inputs");
    properties.put("statefun.kafka.ingresses[0].consumer-group-id", name);
    properties.put("statefun.kafka.ingresses[0].startup-position.type", "earliest");
    properties.put("statefun.kafka.ingresses[0].topics[0].topic", name + "-in");
    properties.put("statefun.kafka.ingresses[0].topics[0].value-type", "com.example/Text");
    properties.put("statefun.kafka.ingresses[0].topics[0].targets", type);
    properties.put("statefun.kafka.egresses[0].id", "remote/counts");
    properties.put("statefun.flink.application-id", name);
    properties.put("statefun.flink.checkpoint-interval", "300ms");
    properties.put("statefun.flink.checkpoint-dir", checkpoints.resolve(name).toUri().toString());
    properties.put("statefun.flink.restart-strategy.attempts", "0");
    properties.put("statefun.endpoints[0].functions", "remote/*");
    properties.put("statefun.endpoints[0].url-path-template", url);
    properties.putAll(more);
    return properties;
  }

  private static Throwable awaitFailure(StatefunJobLifecycle job) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Optional<Throwable> failure = job.failure();
    while (failure.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      failure = job.failure();
    }
    assertThat(failure).as("the job failed").isPresent();
    return failure.get();
  }

  /** The messages of the failure and its causes, one per line. */
  private static String messages(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      text.append(t).append('\n');
    }
    return text.toString();
  }

  private static HttpServer rawServer(int status, String body) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/statefun/", exchange -> {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    });
    server.start();
    return server;
  }

  private static String url(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/statefun/{function.name}";
  }
}
