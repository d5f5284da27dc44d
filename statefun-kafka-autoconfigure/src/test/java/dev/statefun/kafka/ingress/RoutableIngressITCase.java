package dev.statefun.kafka.ingress;

import static dev.statefun.kafka.ingress.IngressTestSupport.ingress;
import static dev.statefun.kafka.testing.TestBroker.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import dev.statefun.kafka.runtime.KafkaClientSettings;
import dev.statefun.kafka.io.KafkaIngressBuilder;
import dev.statefun.kafka.io.KafkaIngressSpec;
import dev.statefun.kafka.runtime.ingress.IngressTopics;
import dev.statefun.kafka.sdk.IngressIdentifier;
import dev.statefun.kafka.testing.TestBroker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Routable topics as StateFun has them (record key = function id, each record to every target
 * in order, the value read by its type) and a plain ingress routed by a Router bean; several
 * topics in one ingress, two ingresses with their own groups in one application.
 */
class RoutableIngressITCase {

  static final TestBroker BROKER = TestBroker.start();
  static final IngressTestSupport KAFKA = new IngressTestSupport(BROKER);
  static final String ROUTED_OUT = "routed-out-routable";

  static ConfigurableApplicationContext app;

  @TempDir
  static Path checkpoints;

  @BeforeAll
  static void start() {
    for (String topic : List.of("json", "typed", "proto", "routed", "out-routed", "builder", "out-builder", ROUTED_OUT)) {
      BROKER.createTopic(topic, 1);
    }
    Map<String, String> props = KAFKA.baseProperties("routable", checkpoints);
    props.put("test.routed-out", ROUTED_OUT);
    props.put("test.builder-topic", "builder");
    ingress(props, 0,
        "id", "test/routable",
        "consumer-group-id", "g-routable",
        "startup-position.type", "earliest",
        "topics[0].topic", "json",
        "topics[0].value-type", IngressTestApplication.Greeting.class.getName(),
        "topics[0].targets", "test/recorder,test/auditor",
        "topics[1].topic", "typed",
        "topics[1].value-type", "example/NotAClass",
        "topics[1].targets", "test/recorder",
        "topics[2].topic", "proto",
        "topics[2].type-url", StringValue.class.getName(),
        "topics[2].targets", "test/auditor");
    ingress(props, 1,
        "id", "test/routed",
        "consumer-group-id", "g-routed",
        "startup-position.type", "earliest",
        "topics", "routed",
        "deserializer", "positionDeserializer",
        "router", "positionRouter");
    send(new ProducerRecord<>("json", utf8("alice"), utf8("{\"text\":\"hi\"}")),
        new ProducerRecord<>("json", utf8("bob"), utf8("{\"text\":\"yo\",\"extra\":1}")),
        new ProducerRecord<>("typed", utf8("carol"), utf8("raw bytes")),
        new ProducerRecord<>("proto", utf8("dave"), StringValue.of("pb").toByteArray()),
        new ProducerRecord<>("routed", null, utf8("anything")),
        new ProducerRecord<>("routed", utf8("x"), utf8("more")),
        new ProducerRecord<>("builder", 0, utf8("k0"), utf8("v0")),
        new ProducerRecord<>("builder", 0, utf8("k1"), utf8("v1")),
        new ProducerRecord<>("builder", 0, utf8("k2"), utf8("v2")));
    app = IngressTestSupport.start(props);
  }

  @AfterAll
  static void stopAppThenBroker() {
    if (app != null) {
      app.close();
    }
    BROKER.close();
  }

  @Test
  void routableTopicsSendEachRecordToEveryTargetInOrderWithTheKeyAsIdAndTheValueReadByItsType() {
    List<String> lines = KAFKA.lines(ROUTED_OUT, 6);

    assertThat(lines).containsExactlyInAnyOrder(
        "test/recorder|alice|Greeting:hi",
        "test/auditor|alice|Greeting:hi",
        "test/recorder|bob|Greeting:yo",
        "test/auditor|bob|Greeting:yo",
        "test/recorder|carol|TypedValue:example/NotAClass:raw bytes",
        "test/auditor|dave|StringValue:pb");
    assertThat(lines.indexOf("test/recorder|alice|Greeting:hi"))
        .isLessThan(lines.indexOf("test/auditor|alice|Greeting:hi"));
    assertThat(lines.indexOf("test/recorder|bob|Greeting:yo")).isLessThan(lines.indexOf("test/auditor|bob|Greeting:yo"));
  }

  @Test
  void aRouterBeanRoutesAPlainIngress() {
    assertThat(KAFKA.lines("out-routed", 2)).containsExactlyInAnyOrder("routed/0@0", "routed/0@1");
  }

  @Test
  void anIngressSpecBeanBuiltWithTheJavaBuilderStartsAtItsSpecificOffsets() {
    assertThat(KAFKA.lines("out-builder", 2)).containsExactlyInAnyOrder("builder/0@1", "builder/0@2");
  }

  @Test
  void ingressTopicsThatDoNotExistAreNamedAtStartup() {
    KafkaIngressSpec<String> spec = KafkaIngressBuilder.forIdentifier(new IngressIdentifier<>(String.class, "test", "t"))
        .withConsumerGroupId("g")
        .withTopics(List.of("json", "not-created"))
        .withDeserializer(record -> "x")
        .build();
    assertThat(IngressTopics.missing(spec, BROKER.bootstrapServers(), KafkaClientSettings.none())).containsExactly("not-created");
  }

  @SafeVarargs
  private static void send(ProducerRecord<byte[], byte[]>... records) {
    try (var producer = BROKER.producer()) {
      for (ProducerRecord<byte[], byte[]> record : records) {
        producer.send(record);
      }
      producer.flush();
    }
  }
}
