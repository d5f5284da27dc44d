package dev.statefun.kafka.runner;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.handler.RequestReplyHandler;
import org.apache.flink.statefun.sdk.java.io.KafkaEgressMessage;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.slice.Slices;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The command a StateFun user runs, as they run it: {@code java -jar statefun-kafka-runtime.jar
 * --statefun.kafka.module=file:module.yaml}, with StateFun's own 3.x greeter deployment (a
 * function written with the real Java SDK behind an HTTP server, a Kafka ingress and an
 * exactly-once Kafka egress declared in module.yaml). Greetings counted per user arrive once each,
 * read_committed, and SIGTERM stops the job with a savepoint.
 */
class RuntimeJarIT {

  static final TypeName GREETER = TypeName.typeNameFromString("greeter.fns/user");
  static final TypeName GREETINGS = TypeName.typeNameFromString("greeter.io/user-greetings");
  static final ValueSpec<Integer> SEEN = ValueSpec.named("seen").withIntType();

  private static EmbeddedKafkaKraftBroker broker;

  @TempDir
  Path directory;

  @BeforeAll
  static void startBroker() {
    broker = new EmbeddedKafkaKraftBroker(1, 1, "user-logins", "greetings");
    broker.brokerProperties(Map.of(
        "transaction.state.log.replication.factor", "1",
        "transaction.state.log.min.isr", "1",
        "offsets.topic.replication.factor", "1"));
    broker.afterPropertiesSet();
  }

  @AfterAll
  static void stopBroker() {
    broker.destroy();
  }

  @Test
  void theRuntimeJarRunsAStatefun3DeploymentAsWritten() throws Exception {
    HttpServer functions = serve(StatefulFunctionSpec.builder(GREETER)
        .withValueSpecs(SEEN)
        .withSupplier(() -> (Context context, Message message) -> {
          int seen = context.storage().get(SEEN).orElse(0) + 1;
          context.storage().set(SEEN, seen);
          String login = new String(message.rawValue().toByteArray(), UTF_8);
          context.send(KafkaEgressMessage.forEgress(GREETINGS)
              .withTopic("greetings")
              .withUtf8Key(context.self().id())
              .withUtf8Value("Hello " + login + " #" + seen)
              .build());
          return CompletableFuture.completedFuture(null);
        })
        .build());
    Path module = directory.resolve("module.yaml");
    Files.writeString(module, """
        kind: io.statefun.endpoints.v2/http
        spec:
          functions: greeter.fns/*
          urlPathTemplate: http://127.0.0.1:%2$d/statefun/{function.name}
          transport:
            type: io.statefun.transports.v1/async
            call: 2m
            connect: 20s
        ---
        kind: io.statefun.kafka.v1/ingress
        spec:
          id: greeter.io/user-logins
          address: %1$s
          consumerGroupId: greeter
          startupPosition:
            type: earliest
          topics:
            - topic: user-logins
              valueType: greeter.types/UserLogin
              targets:
                - greeter.fns/user
        ---
        kind: io.statefun.kafka.v1/egress
        spec:
          id: greeter.io/user-greetings
          address: %1$s
          deliverySemantic:
            type: exactly-once
            transactionTimeout: 15min
        """.formatted(broker.getBrokersAsString(), functions.getAddress().getPort()));
    Path log = directory.resolve("runtime.log");
    Process runtime = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-jar", Path.of("target", "statefun-kafka-runtime.jar").toAbsolutePath().toString(),
        "--statefun.kafka.module=file:" + module,
        "--statefun.flink.checkpoint-dir=" + directory.resolve("checkpoints").toUri())
        .directory(directory.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      try (KafkaProducer<String, String> producer = producer()) {
        for (String user : List.of("alice", "bob", "alice", "carol", "alice", "bob")) {
          producer.send(new ProducerRecord<>("user-logins", user, user)).get();
        }
      }
      List<String> greetings = readCommitted(6, Duration.ofSeconds(180), runtime, log);
      assertThat(greetings).containsExactlyInAnyOrder("alice=Hello alice #1", "alice=Hello alice #2",
          "alice=Hello alice #3", "bob=Hello bob #1", "bob=Hello bob #2", "carol=Hello carol #1");
      runtime.destroy();
      assertThat(runtime.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(log)).contains("with a savepoint at");
    } finally {
      runtime.destroyForcibly();
      functions.stop(0);
    }
  }

  private static HttpServer serve(StatefulFunctionSpec spec) throws IOException {
    RequestReplyHandler handler = new StatefulFunctions().withStatefulFunction(spec).requestReplyHandler();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/statefun/", exchange -> {
      try (exchange) {
        byte[] reply = handler.handle(Slices.wrap(exchange.getRequestBody().readAllBytes())).get().toByteArray();
        exchange.sendResponseHeaders(200, reply.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(reply);
        }
      } catch (Exception e) {
        exchange.sendResponseHeaders(500, -1);
      }
    });
    server.start();
    return server;
  }

  private static KafkaProducer<String, String> producer() {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return new KafkaProducer<>(properties);
  }

  private static List<String> readCommitted(int expected, Duration timeout, Process runtime, Path log) throws IOException {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "reader");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
      consumer.subscribe(List.of("greetings"));
      long deadline = System.nanoTime() + timeout.toNanos();
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, quietUntil)) {
        if (!runtime.isAlive()) {
          throw new AssertionError("the runtime jar exited (" + runtime.exitValue() + "):\n" + Files.readString(log));
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.key() + "=" + record.value());
        }
        if (values.size() >= expected && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos(); // and nothing more after them
        }
      }
    }
    assertThat(values).as("greetings read_committed; the runtime's log is %s", log).hasSizeGreaterThanOrEqualTo(expected);
    return values;
  }
}
