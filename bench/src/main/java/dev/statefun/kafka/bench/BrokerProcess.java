package dev.statefun.kafka.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A standalone single-node KRaft Kafka broker in its own process, from the Kafka jars on this
 * class path: writes server.properties, formats the storage with {@code kafka.tools.StorageTool},
 * runs {@code kafka.Kafka}. Transactions work on one node (replication settings at 1).
 */
final class BrokerProcess implements AutoCloseable {

  private final JvmProcess process;
  private final String bootstrapServers;
  private final Admin admin;

  private BrokerProcess(JvmProcess process, String bootstrapServers) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    this.admin = Admin.create(props);
  }

  static BrokerProcess start(Path dir, List<String> jvmOptions) throws Exception {
    int port = freePort();
    int controllerPort = freePort();
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Path config = dir.resolve("server.properties");
    Files.writeString(config, String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@localhost:" + controllerPort,
        "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
        "advertised.listeners=PLAINTEXT://localhost:" + port,
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "inter.broker.listener.name=PLAINTEXT",
        "log.dirs=" + data.toAbsolutePath(),
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=4",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "transaction.state.log.num.partitions=4",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "default.replication.factor=1",
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=false",
        "log.retention.bytes=-1",
        "") + "\n");
    String clusterId = Uuid.randomUuid().toString();
    JvmProcess.run(List.of("-Xmx256m"), "kafka.tools.StorageTool",
        List.of("format", "-t", clusterId, "-c", config.toString()), dir.resolve("format.log"));
    JvmProcess broker = JvmProcess.start(jvmOptions, "kafka.Kafka", List.of(config.toString()), dir.resolve("broker.log"));
    BrokerProcess started = new BrokerProcess(broker, "localhost:" + port);
    started.awaitReady();
    return started;
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("The broker died while starting:\n" + process.tail());
      }
      try {
        if (!admin.describeCluster().nodes().get().isEmpty()) {
          return;
        }
      } catch (Exception e) {
        Thread.sleep(500);
      }
    }
    throw new IllegalStateException("The broker did not come up within 90 s:\n" + process.tail());
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  long peakRss() {
    return process.peakRss();
  }

  void createTopics(int partitions, String... topics) throws Exception {
    List<NewTopic> newTopics = new ArrayList<>();
    for (String topic : topics) {
      newTopics.add(new NewTopic(topic, partitions, (short) 1).configs(Map.of("min.insync.replicas", "1")));
    }
    admin.createTopics(newTopics).all().get();
  }

  void deleteTopicsQuietly(List<String> topics) {
    try {
      admin.deleteTopics(topics).all().get();
    } catch (Exception e) {
      // only to save disk
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    admin.close(Duration.ofSeconds(5));
    process.stopGracefully(30);
  }
}
