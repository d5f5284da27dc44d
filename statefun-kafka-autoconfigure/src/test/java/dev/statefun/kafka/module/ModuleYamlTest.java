package dev.statefun.kafka.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.statefun.kafka.module.RecordingBinder.bindFile;
import static dev.statefun.kafka.module.RecordingBinder.bindText;
import static dev.statefun.kafka.module.RecordingBinder.resource;
import static dev.statefun.kafka.module.RecordingBinder.text;

import dev.statefun.kafka.io.DeliverySemantic;
import dev.statefun.kafka.io.KafkaEgressSpec;
import dev.statefun.kafka.io.KafkaIngressAutoResetPosition;
import dev.statefun.kafka.io.KafkaIngressSpec;
import dev.statefun.kafka.io.KafkaIngressStartupPosition;
import dev.statefun.kafka.io.KafkaIngressTopic;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.IngressIdentifier;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ModuleYamlTest {

  // ---- StateFun 2.x

  @Test
  void routableIngressOfTheDocumentationBindsWithTwoTargets() {
    KafkaIngressSpec<?> ingress = bindFile("statefun-2-routable-ingress.yaml").onlyIngress();

    assertThat(ingress.id()).isEqualTo(new IngressIdentifier<>(Object.class, "example", "user-ingress"));
    assertThat(ingress.kafkaAddress()).contains("kafka-broker:9092");
    assertThat(ingress.consumerGroupId()).isEqualTo("routable-kafka-e2e");
    assertThat(ingress.startupPosition()).isEqualTo(KafkaIngressStartupPosition.fromEarliest());
    assertThat(ingress.topics()).containsExactly(KafkaIngressTopic.routable("messages-1",
        "org.apache.flink.statefun.docs.models.User",
        List.of(FunctionType.parse("example-namespace/my-function-1"),
            FunctionType.parse("example-namespace/my-function-2"))));
    assertThat(ingress.deserializer()).isEmpty();
  }

  @Test
  void genericEgressOfTheDocumentationIsExactlyOnceWithItsProperties() {
    KafkaEgressSpec<?> egress = bindFile("statefun-2-generic-egress.yaml").onlyEgress();

    assertThat(egress.id()).isEqualTo(new EgressIdentifier<>("example", "output-messages", Object.class));
    assertThat(egress.kafkaAddress()).contains("kafka-broker:9092");
    assertThat(egress.deliverySemantic()).isEqualTo(DeliverySemantic.EXACTLY_ONCE);
    assertThat(egress.transactionTimeout()).isEqualTo(Duration.ofMillis(100000));
    assertThat(egress.properties()).containsEntry("foo.config", "bar");
    assertThat(egress.serializer()).isEmpty();
  }

  @Test
  void version2ModuleWithSpecUnderModuleBindsIngressAndEgress() {
    RecordingBinder recorded = bindFile("statefun-2-module.yaml");

    KafkaIngressSpec<?> ingress = recorded.ingresses.get(0);
    assertThat(ingress.kafkaAddress()).isEmpty();
    assertThat(ingress.startupPosition().specificOffsets())
        .containsExactly(Map.entry(new TopicPartition("names", 0), 91L), Map.entry(new TopicPartition("names", 1), 11L));
    assertThat(ingress.autoResetPosition()).isEqualTo(KafkaIngressAutoResetPosition.EARLIEST);
    assertThat(ingress.topics().get(0).valueType()).isEqualTo("type.googleapis.com/example.GreetRequest");
    assertThat(ingress.properties()).containsEntry("max.poll.records", "500")
        .containsEntry("isolation.level", "read_committed");
    KafkaEgressSpec<?> egress = recorded.egresses.get(0);
    assertThat(egress.deliverySemantic()).isEqualTo(DeliverySemantic.AT_LEAST_ONCE);
    assertThat(egress.properties()).containsEntry("linger.ms", "5");
  }

  // ---- StateFun 3.0

  @Test
  void version3IngressOfTheDocumentationBindsWithItsValueType() {
    KafkaIngressSpec<?> ingress = bindFile("statefun-3.0-ingress.yaml").onlyIngress();

    assertThat(ingress.id()).isEqualTo(new IngressIdentifier<>(Object.class, "com.example", "users"));
    assertThat(ingress.consumerGroupId()).isEqualTo("my-consumer-group");
    assertThat(ingress.topics()).containsExactly(KafkaIngressTopic.routable("messages-1", "com.example/User",
        List.of(FunctionType.parse("com.example.fns/greeter"))));
  }

  @Test
  void version3EgressBindsExactlyOnce() {
    KafkaEgressSpec<?> egress = bindFile("statefun-3.0-egress.yaml").onlyEgress();

    assertThat(egress.id()).isEqualTo(new EgressIdentifier<>("example", "output-messages", Object.class));
    assertThat(egress.deliverySemantic()).isEqualTo(DeliverySemantic.EXACTLY_ONCE);
    assertThat(egress.transactionTimeout()).isEqualTo(Duration.ofMillis(100000));
    assertThat(egress.properties()).containsEntry("foo.config", "bar");
  }

  @Test
  void misindentedEgressOfTheVersion3DocumentationNamesTheLine() {
    assertThatThrownBy(() -> bindFile("statefun-3.0-egress-misindented.yaml"))
        .isInstanceOf(StatefunConfigurationException.class)
        .hasMessageStartingWith("module.yaml: line ")
        .hasMessageContaining("not valid YAML")
        .hasMessageContaining("indentation");
  }

  // ---- StateFun 3.1+

  @Test
  void componentsOfVersion31BindFromOneMultiDocumentFile() {
    RecordingBinder recorded = bindFile("statefun-3.1-components.yaml");

    assertThat(recorded.ingresses).singleElement().satisfies(ingress -> {
      assertThat(ingress.id().toString()).isEqualTo("com.example/users");
      assertThat(ingress.topics().get(0).targets()).containsExactly(FunctionType.parse("com.example.fns/greeter"));
    });
    assertThat(recorded.egresses).singleElement().satisfies(egress -> {
      assertThat(egress.id().toString()).isEqualTo("com.example/users");
      assertThat(egress.transactionTimeout()).isEqualTo(Duration.ofMinutes(15));
      assertThat(egress.properties()).containsEntry("foo.config", "bar");
    });
  }

  @Test
  void modulesBindIntoTheUniverse() {
    StatefulFunctionsUniverse universe = new StatefulFunctionsUniverse();

    ModuleYaml.bind("module.yaml", resource("statefun-3.1-components.yaml"), universe.from("module.yaml"));
    ModuleYaml.bind("other.yaml", resource("statefun-2-generic-egress.yaml"), universe.from("other.yaml"));

    assertThat(universe.ingress("com.example/users")).isPresent();
    assertThat(universe.egresses()).hasSize(2);
  }

  @Test
  void sameIngressInTwoFilesNamesBothFiles() {
    StatefulFunctionsUniverse universe = new StatefulFunctionsUniverse();
    ModuleYaml.bind("first.yaml", resource("statefun-3.0-ingress.yaml"), universe.from("first.yaml"));

    assertThatThrownBy(() ->
        ModuleYaml.bind("second.yaml", resource("statefun-3.1-components.yaml"), universe.from("second.yaml")))
        .isInstanceOf(StatefunConfigurationException.class)
        .hasMessageContaining("first.yaml")
        .hasMessageContaining("second.yaml");
  }

  // ---- the documentation's startup positions

  @Test
  void groupOffsetsOfTheDocumentationParses() {
    assertThat(startupPosition("""
        startupPosition:
            type: group-offsets
        """)).isEqualTo(KafkaIngressStartupPosition.fromGroupOffsets());
  }

  @Test
  void earliestOfTheDocumentationParses() {
    assertThat(startupPosition("""
        startupPosition:
            type: earliest
        """)).isEqualTo(KafkaIngressStartupPosition.fromEarliest());
  }

  @Test
  void latestOfTheDocumentationParses() {
    assertThat(startupPosition("""
        startupPosition:
            type: latest
        """)).isEqualTo(KafkaIngressStartupPosition.fromLatest());
  }

  @Test
  void specificOffsetsOfTheDocumentationParse() {
    assertThat(startupPosition("""
        startupPosition:
            type: specific-offsets
            offsets:
                - user-topic/0: 91
                - user-topic/1: 11
                - user-topic/2: 8
        """).specificOffsets()).containsExactly(
        Map.entry(new TopicPartition("user-topic", 0), 91L),
        Map.entry(new TopicPartition("user-topic", 1), 11L),
        Map.entry(new TopicPartition("user-topic", 2), 8L));
  }

  @Test
  void specificOffsetsAsAFlowListOfSingleKeyMapsParse() {
    assertThat(startupPosition("""
        startupPosition:
            type: specific-offsets
            offsets: [ {user-topic/0: 91}, {user-topic/1: 11} ]
        """).specificOffsets()).containsExactly(
        Map.entry(new TopicPartition("user-topic", 0), 91L),
        Map.entry(new TopicPartition("user-topic", 1), 11L));
  }

  @Test
  void specificOffsetsAsAMapParse() {
    assertThat(startupPosition("""
        startupPosition:
            type: specific-offsets
            offsets: {user-topic/0: 91}
        """).specificOffsets()).containsExactly(Map.entry(new TopicPartition("user-topic", 0), 91L));
  }

  @Test
  void dateOfTheDocumentationParses() {
    assertThat(startupPosition("""
        startupPosition:
            type: date
            date: 2020-02-01 04:15:00.00 Z
        """).date().toInstant())
        .isEqualTo(ZonedDateTime.of(2020, 2, 1, 4, 15, 0, 0, ZoneOffset.UTC).toInstant());
  }

  @Test
  void autoOffsetResetPositionIsLatestByDefault() {
    assertThat(bindFile("statefun-2-routable-ingress.yaml").onlyIngress().autoResetPosition())
        .isEqualTo(KafkaIngressAutoResetPosition.LATEST);
  }

  // ---- the documentation's delivery semantics

  @Test
  void noneOfTheDocumentationParses() {
    assertThat(deliverySemantic("""
        deliverySemantic:
            type: none
        """).deliverySemantic()).isEqualTo(DeliverySemantic.NONE);
  }

  @Test
  void atLeastOnceOfTheDocumentationParses() {
    assertThat(deliverySemantic("""
        deliverySemantic:
            type: at-least-once
        """).deliverySemantic()).isEqualTo(DeliverySemantic.AT_LEAST_ONCE);
  }

  @Test
  void exactlyOnceOfTheDocumentationParsesItsMillis() {
    KafkaEgressSpec<?> egress = deliverySemantic("""
        deliverySemantic:
            type: exactly-once
            transactionTimeoutMillis: 900000 # 15 min
        """);

    assertThat(egress.deliverySemantic()).isEqualTo(DeliverySemantic.EXACTLY_ONCE);
    assertThat(egress.transactionTimeout()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void transactionTimeoutMillisOf15minMeans15MinutesNotZero() {
    assertThat(deliverySemantic("""
        deliverySemantic:
          type: exactly-once
          transactionTimeoutMillis: 15min
        """).transactionTimeout()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void exactlyOnceWithoutTimeoutTakes15Minutes() {
    assertThat(deliverySemantic("""
        deliverySemantic:
          type: exactly-once
        """).transactionTimeout()).isEqualTo(KafkaEgressSpec.DEFAULT_TRANSACTION_TIMEOUT);
  }

  @Test
  void egressWithoutDeliverySemanticIsAtLeastOnce() {
    assertThat(bindText("""
        kind: io.statefun.kafka.v1/egress
        spec:
          id: example/out
        """).onlyEgress().deliverySemantic()).isEqualTo(DeliverySemantic.AT_LEAST_ONCE);
  }

  // ---- errors: where, and what is valid

  @Test
  void unknownStartupPositionTypeNamesTheYamlPathAndValidTypes() {
    assertThatThrownBy(() -> startupPosition("""
        startupPosition:
            type: beginning
        """))
        .isInstanceOf(StatefunConfigurationException.class)
        .hasMessageStartingWith("module.yaml: spec.ingresses[0].ingress.spec.startupPosition.type: invalid value 'beginning'")
        .hasMessageContaining("[group-offsets, earliest, latest, specific-offsets, date]");
  }

  @Test
  void specificOffsetsWithoutOffsetsNamesThePath() {
    assertThatThrownBy(() -> startupPosition("""
        startupPosition:
            type: specific-offsets
        """))
        .hasMessageStartingWith("module.yaml: spec.ingresses[0].ingress.spec.startupPosition.offsets:")
        .hasMessageContaining("user-topic/0: 91");
  }

  @Test
  void partitionWithoutNumberNamesTheEntry() {
    assertThatThrownBy(() -> startupPosition("""
        startupPosition:
            type: specific-offsets
            offsets:
                - user-topic: 91
        """))
        .hasMessageStartingWith("module.yaml: spec.ingresses[0].ingress.spec.startupPosition.offsets[0].user-topic:")
        .hasMessageContaining("topic/partition");
  }

  @Test
  void negativeOffsetNamesTheEntry() {
    assertThatThrownBy(() -> startupPosition("""
        startupPosition:
            type: specific-offsets
            offsets:
                - user-topic/0: -1
        """))
        .hasMessageStartingWith("module.yaml: spec.ingresses[0].ingress.spec.startupPosition.offsets[0].user-topic/0:")
        .hasMessageContaining("0 or greater");
  }

  @Test
  void offsetsForAnotherTypeAreReported() {
    assertThatThrownBy(() -> startupPosition("""
        startupPosition:
            type: earliest
            offsets:
                - user-topic/0: 91
        """))
        .hasMessageStartingWith("module.yaml: spec.ingresses[0].ingress.spec.startupPosition.offsets:")
        .hasMessageContaining("type specific-offsets");
  }

  @Test
  void unreadableDateNamesThePathAndTheFormats() {
    assertThatThrownBy(() -> startupPosition("""
        startupPosition:
            type: date
            date: 1st of February
        """))
        .hasMessageStartingWith("module.yaml: spec.ingresses[0].ingress.spec.startupPosition.date:")
        .hasMessageContaining("2020-02-01 04:15:00.00 Z");
  }

  @Test
  void dateInTheFutureNamesTheStartupPosition() {
    assertThatThrownBy(() -> startupPosition("""
        startupPosition:
            type: date
            date: 2999-02-01 04:15:00.00 Z
        """))
        .hasMessageStartingWith("module.yaml: spec.ingresses[0].ingress.spec.startupPosition:")
        .hasMessageContaining("in the future");
  }

  @Test
  void unknownAutoOffsetResetPositionListsValidPositions() {
    assertThatThrownBy(() -> startupPosition("""
        autoOffsetResetPosition: none
        """))
        .hasMessageStartingWith("module.yaml: spec.ingresses[0].ingress.spec.autoOffsetResetPosition: invalid value 'none'")
        .hasMessageContaining("[earliest, latest]");
  }

  @Test
  void unknownDeliverySemanticListsValidTypes() {
    assertThatThrownBy(() -> deliverySemantic("""
        deliverySemantic:
          type: exactly-twice
        """))
        .hasMessageStartingWith("module.yaml: spec.deliverySemantic.type: invalid value 'exactly-twice'")
        .hasMessageContaining("[none, at-least-once, exactly-once]");
  }

  @Test
  void unreadableTransactionTimeoutNamesThePath() {
    assertThatThrownBy(() -> deliverySemantic("""
        deliverySemantic:
          type: exactly-once
          transactionTimeout: a quarter of an hour
        """))
        .hasMessageStartingWith("module.yaml: spec.deliverySemantic.transactionTimeout: invalid duration")
        .hasMessageContaining("15min");
  }

  @Test
  void zeroTransactionTimeoutIsRefused() {
    assertThatThrownBy(() -> deliverySemantic("""
        deliverySemantic:
          type: exactly-once
          transactionTimeoutMillis: 0
        """))
        .hasMessageStartingWith("module.yaml: spec.deliverySemantic.transactionTimeoutMillis:")
        .hasMessageContaining("positive");
  }

  @Test
  void bothTransactionTimeoutsAreRefused() {
    assertThatThrownBy(() -> deliverySemantic("""
        deliverySemantic:
          type: exactly-once
          transactionTimeoutMillis: 900000
          transactionTimeout: 15min
        """))
        .hasMessageContaining("both transactionTimeoutMillis and transactionTimeout");
  }

  @Test
  void unknownIngressTypeListsSupportedTypes() {
    assertThatThrownBy(() -> bindText(version1Ingress("example/in", "statefun.kafka.io/routable-json-ingress")))
        .isInstanceOf(StatefunConfigurationException.class)
        .hasMessageStartingWith("module.yaml: module.spec.ingresses[0].ingress.meta.type:")
        .hasMessageContaining("statefun.kafka.io/routable-json-ingress")
        .hasMessageContaining("[statefun.kafka.io/routable-protobuf-ingress, io.statefun.kafka/ingress]");
  }

  @Test
  void protobufIngressOfVersion2IsReportedAsUnsupported() {
    assertThatThrownBy(() -> bindText(version1Ingress("example/in", "statefun.kafka.io/protobuf-ingress")))
        .hasMessageContaining("'statefun.kafka.io/protobuf-ingress' is not supported")
        .hasMessageContaining("application.yml");
  }

  @Test
  void kinesisIngressIsReportedAsUnsupported() {
    assertThatThrownBy(() -> bindText(version1Ingress("example/in", "statefun.kinesis.io/routable-protobuf-ingress")))
        .hasMessageContaining("Kinesis I/O ('statefun.kinesis.io/routable-protobuf-ingress') is not supported");
  }

  @Test
  void unknownEgressTypeListsSupportedTypes() {
    assertThatThrownBy(() -> bindText("""
        version: "3.0"
        module:
          meta:
            type: remote
          spec:
            egresses:
              - egress:
                  meta:
                    type: io.statefun.kinesis/egress
                    id: example/out
                  spec: {}
        """))
        .hasMessageStartingWith("module.yaml: module.spec.egresses[0].egress.meta.type:")
        .hasMessageContaining("[statefun.kafka.io/generic-egress, io.statefun.kafka/egress]");
  }

  @Test
  void unknownKindListsSupportedKinds() {
    assertThatThrownBy(() -> bindText("""
        kind: io.statefun.kafka.v2/ingress
        spec:
          id: example/in
        """))
        .hasMessageStartingWith("module.yaml: kind: unknown kind 'io.statefun.kafka.v2/ingress'")
        .hasMessageContaining("[io.statefun.endpoints.v2/http, io.statefun.endpoints.v1/http, "
            + "io.statefun.kafka.v1/ingress, io.statefun.kafka.v1/egress]");
  }

  @Test
  void unknownVersionListsSupportedVersions() {
    assertThatThrownBy(() -> bindText("""
        version: "3.1"
        module:
          spec: {}
        """))
        .hasMessageStartingWith("module.yaml: version: unsupported module version '3.1'")
        .hasMessageContaining("[1.0, 2.0, 3.0]")
        .hasMessageContaining("'kind'");
  }

  @Test
  void moduleThatIsNotRemoteIsRefused() {
    assertThatThrownBy(() -> bindText("""
        version: "1.0"
        module:
          meta:
            type: embedded
          spec: {}
        """))
        .hasMessageStartingWith("module.yaml: module.meta.type: invalid value 'embedded'")
        .hasMessageContaining("[remote]");
  }

  @Test
  void missingConsumerGroupIdNamesThePath() {
    assertThatThrownBy(() -> bindText("""
        kind: io.statefun.kafka.v1/ingress
        spec:
          id: example/in
          topics:
            - topic: users
              valueType: com.example/User
              targets: [example/greeter]
        """))
        .hasMessageStartingWith("module.yaml: spec.consumerGroupId: a consumer group id is required");
  }

  @Test
  void missingIdNamesThePath() {
    assertThatThrownBy(() -> bindText("""
        kind: io.statefun.kafka.v1/egress
        spec:
          address: localhost:9092
        """))
        .hasMessageStartingWith("module.yaml: spec.id: a value is required");
  }

  @Test
  void idWithoutNamespaceNamesThePath() {
    assertThatThrownBy(() -> bindText(version1Ingress("users", "statefun.kafka.io/routable-protobuf-ingress")))
        .hasMessageStartingWith("module.yaml: module.spec.ingresses[0].ingress.meta.id: invalid ingress id 'users'")
        .hasMessageContaining("namespace/name");
  }

  @Test
  void targetWithoutNamespaceNamesTheTarget() {
    assertThatThrownBy(() -> bindText("""
        kind: io.statefun.kafka.v1/ingress
        spec:
          id: example/in
          consumerGroupId: group
          topics:
            - topic: users
              valueType: com.example/User
              targets: [example/greeter, greeter]
        """))
        .hasMessageStartingWith("module.yaml: spec.topics[0].targets[1]: invalid function type 'greeter'");
  }

  @Test
  void topicWithoutTargetsNamesThePath() {
    assertThatThrownBy(() -> bindText("""
        kind: io.statefun.kafka.v1/ingress
        spec:
          id: example/in
          consumerGroupId: group
          topics:
            - topic: users
              valueType: com.example/User
        """))
        .hasMessageStartingWith("module.yaml: spec.topics[0].targets: topic 'users' needs at least one target");
  }

  @Test
  void topicWithoutValueTypeNamesThePath() {
    assertThatThrownBy(() -> bindText("""
        kind: io.statefun.kafka.v1/ingress
        spec:
          id: example/in
          consumerGroupId: group
          topics:
            - topic: users
              targets: [example/greeter]
        """))
        .hasMessageStartingWith("module.yaml: spec.topics[0].valueType: topic 'users' needs the type of its values");
  }

  @Test
  void plainTopicNameExplainsTheRoutableForm() {
    assertThatThrownBy(() -> bindText("""
        kind: io.statefun.kafka.v1/ingress
        spec:
          id: example/in
          consumerGroupId: group
          topics: [users]
        """))
        .hasMessageStartingWith("module.yaml: spec.topics[0]: expected a topic with its value type and targets");
  }

  @Test
  void misspelledKeyListsValidKeys() {
    assertThatThrownBy(() -> bindText("""
        kind: io.statefun.kafka.v1/ingress
        spec:
          id: example/in
          consumerGroupID: group
        """))
        .hasMessageStartingWith("module.yaml: spec.consumerGroupID: unknown key 'consumerGroupID'")
        .hasMessageContaining("consumerGroupId");
  }

  @Test
  void nestedPropertyValueNamesTheProperty() {
    assertThatThrownBy(() -> bindText("""
        kind: io.statefun.kafka.v1/egress
        spec:
          id: example/out
          properties:
            - linger.ms:
                value: 5
        """))
        .hasMessageStartingWith("module.yaml: spec.properties[0].linger.ms: expected a single value");
  }

  @Test
  void duplicateKeyNamesTheLine() {
    assertThatThrownBy(() -> bindText("""
        kind: io.statefun.kafka.v1/egress
        spec:
          id: example/out
          id: example/other
        """))
        .hasMessageStartingWith("module.yaml: line 4")
        .hasMessageContaining("id");
  }

  @Test
  void mistakeInTheSecondDocumentNamesTheDocument() {
    assertThatThrownBy(() -> bindText("""
        kind: io.statefun.kafka.v1/egress
        spec:
          id: example/out
        ---
        kind: io.statefun.kafka.v1/egress
        spec:
          id: example/other
          deliverySemantic:
            type: twice
        """))
        .hasMessageStartingWith("module.yaml (document 2): spec.deliverySemantic.type: invalid value 'twice'");
  }

  @Test
  void mistakeInOneDocumentBindsNothing() {
    RecordingBinder recorded = new RecordingBinder();

    assertThatThrownBy(() -> ModuleYaml.bind("module.yaml", text("""
        kind: io.statefun.kafka.v1/egress
        spec:
          id: example/out
        ---
        kind: io.statefun.kafka.v1/egress
        spec:
          id: other
        """), recorded)).isInstanceOf(StatefunConfigurationException.class);
    assertThat(recorded.egresses).isEmpty();
  }

  @Test
  void emptyFileIsReported() {
    assertThatThrownBy(() -> bindText("# nothing yet\n"))
        .hasMessageStartingWith("module.yaml: the module file is empty");
  }

  @Test
  void documentOfNoKnownFormatListsTheFormats() {
    assertThatThrownBy(() -> bindText("""
        ingresses:
          - id: example/in
        """))
        .hasMessageStartingWith("module.yaml: not a StateFun module")
        .hasMessageContaining("'kind' and 'spec'");
  }

  // ---- helpers

  /** The StateFun 2.0 documentation's routable ingress, its startup position replaced by the snippet. */
  private static KafkaIngressStartupPosition startupPosition(String snippet) {
    String yaml = """
        version: "1.0"

        module:
            meta:
            type: remote
        spec:
            ingresses:
            - ingress:
                meta:
                    type: statefun.kafka.io/routable-protobuf-ingress
                    id: example/user-ingress
                spec:
                    address: kafka-broker:9092
                    consumerGroupId: routable-kafka-e2e
                    topics:
                      - topic: messages-1
                        typeUrl: org.apache.flink.statefun.docs.models.User
                        targets:
                          - example-namespace/my-function-1
        """ + snippet.indent(12);
    return bindText(yaml).onlyIngress().startupPosition();
  }

  /** A StateFun 3.1 egress with the snippet as its delivery semantic. */
  private static KafkaEgressSpec<?> deliverySemantic(String snippet) {
    String yaml = """
        kind: io.statefun.kafka.v1/egress
        spec:
          id: example/output-messages
          address: kafka-broker:9092
        """ + snippet.indent(2);
    return bindText(yaml).onlyEgress();
  }

  private static String version1Ingress(String id, String type) {
    return """
        version: "1.0"
        module:
          meta:
            type: remote
          spec:
            ingresses:
              - ingress:
                  meta:
                    type: %s
                    id: %s
                  spec:
                    consumerGroupId: group
                    topics:
                      - topic: users
                        typeUrl: com.example/User
                        targets: [example/greeter]
        """.formatted(type, id);
  }
}
