package dev.statefun.kafka.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Kafka ingresses and egresses of a stateful functions application ({@code statefun.kafka.*}).
 *
 * <pre>
 * statefun:
 *   kafka:
 *     bootstrap-servers: localhost:9092
 *     ingresses:
 *       - id: example/users
 *         consumer-group-id: greeter
 *         topics: [users]
 *         deserializer: userDeserializer
 *         targets: [example/greeter]
 *     egresses:
 *       - id: example/greetings
 *         serializer: greetingSerializer
 *         delivery-semantic: {type: exactly-once, transaction-timeout: 1m}
 * </pre>
 */
@ConfigurationProperties("statefun.kafka")
public class StatefunKafkaProperties {

  /** Default Kafka bootstrap servers of every ingress and egress; falls back to spring.kafka.bootstrap-servers. */
  private String bootstrapServers;

  /** Kafka ingresses. */
  private List<Ingress> ingresses = new ArrayList<>();

  /** Kafka egresses. */
  private List<Egress> egresses = new ArrayList<>();

  /** StateFun module YAML resources merged in, e.g. classpath:module.yaml. */
  private List<String> module = new ArrayList<>();

  /**
   * Kafka client properties of every client of the application (sources, sinks, dead letters,
   * admin checks), e.g. security.protocol and sasl.*; an ingress's or egress's own properties win,
   * and these win over Spring Boot's spring.kafka settings.
   */
  private Map<String, String> properties = new LinkedHashMap<>();

  /** Development broker started in-process. */
  private final EmbeddedBroker embeddedBroker = new EmbeddedBroker();

  public String getBootstrapServers() {
    return bootstrapServers;
  }

  public void setBootstrapServers(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  public List<Ingress> getIngresses() {
    return ingresses;
  }

  public void setIngresses(List<Ingress> ingresses) {
    this.ingresses = ingresses;
  }

  public List<Egress> getEgresses() {
    return egresses;
  }

  public void setEgresses(List<Egress> egresses) {
    this.egresses = egresses;
  }

  public List<String> getModule() {
    return module;
  }

  public void setModule(List<String> module) {
    this.module = module;
  }

  public Map<String, String> getProperties() {
    return properties;
  }

  public void setProperties(Map<String, String> properties) {
    this.properties = properties;
  }

  public EmbeddedBroker getEmbeddedBroker() {
    return embeddedBroker;
  }

  /** One Kafka ingress. */
  public static class Ingress {

    /** Ingress id, namespace/name. */
    private String id;

    /** Bootstrap servers of this ingress; overrides statefun.kafka.bootstrap-servers. */
    private String address;

    /** Consumer group; offsets are committed to it on every checkpoint. */
    private String consumerGroupId;

    /** Topics: names of plain topics, or routable topics with topic, value-type and targets. */
    private List<Topic> topics = new ArrayList<>();

    /** Bean name of the KafkaIngressDeserializer of the plain topics. */
    private String deserializer;

    /** Function types (namespace/name) each record of a plain topic goes to; the record key is the id. */
    private List<String> targets = new ArrayList<>();

    /** Bean name of a Router for the plain topics, instead of targets. */
    private String router;

    /** Where a fresh start begins reading. */
    private final StartupPosition startupPosition = new StartupPosition();

    /** Where to start when a start offset is missing or out of range: latest or earliest. */
    private String autoOffsetResetPosition = "latest";

    /** What to do with a record that cannot be read: skip, fail or dead-letter. */
    private String onDeserializationError = "skip";

    /** Topic for records that cannot be read, with on-deserialization-error: dead-letter. */
    private String deadLetterTopic;

    /** Kafka consumer properties; the named settings above win over the same keys. */
    private Map<String, String> properties = new LinkedHashMap<>();

    public String getId() {
      return id;
    }

    public void setId(String id) {
      this.id = id;
    }

    public String getAddress() {
      return address;
    }

    public void setAddress(String address) {
      this.address = address;
    }

    public String getConsumerGroupId() {
      return consumerGroupId;
    }

    public void setConsumerGroupId(String consumerGroupId) {
      this.consumerGroupId = consumerGroupId;
    }

    public List<Topic> getTopics() {
      return topics;
    }

    public void setTopics(List<Topic> topics) {
      this.topics = topics;
    }

    public String getDeserializer() {
      return deserializer;
    }

    public void setDeserializer(String deserializer) {
      this.deserializer = deserializer;
    }

    public List<String> getTargets() {
      return targets;
    }

    public void setTargets(List<String> targets) {
      this.targets = targets;
    }

    public String getRouter() {
      return router;
    }

    public void setRouter(String router) {
      this.router = router;
    }

    public StartupPosition getStartupPosition() {
      return startupPosition;
    }

    public String getAutoOffsetResetPosition() {
      return autoOffsetResetPosition;
    }

    public void setAutoOffsetResetPosition(String autoOffsetResetPosition) {
      this.autoOffsetResetPosition = autoOffsetResetPosition;
    }

    public String getOnDeserializationError() {
      return onDeserializationError;
    }

    public void setOnDeserializationError(String onDeserializationError) {
      this.onDeserializationError = onDeserializationError;
    }

    public String getDeadLetterTopic() {
      return deadLetterTopic;
    }

    public void setDeadLetterTopic(String deadLetterTopic) {
      this.deadLetterTopic = deadLetterTopic;
    }

    public Map<String, String> getProperties() {
      return properties;
    }

    public void setProperties(Map<String, String> properties) {
      this.properties = properties;
    }
  }

  /** A topic of an ingress: a plain name, or a routable topic. */
  public static class Topic {

    /** Topic name. */
    private String topic;

    /** Value type of a routable topic: a class name (JSON or protobuf) or any type name (TypedValue). */
    private String valueType;

    /** Function types each record of a routable topic goes to, in order; the record key is the id. */
    private List<String> targets = new ArrayList<>();

    public Topic() {}

    /** A plain topic, as written in {@code topics: [users]}. */
    public static Topic valueOf(String name) {
      Topic topic = new Topic();
      topic.setTopic(name);
      return topic;
    }

    public String getTopic() {
      return topic;
    }

    public void setTopic(String topic) {
      this.topic = topic;
    }

    public String getValueType() {
      return valueType;
    }

    public void setValueType(String valueType) {
      this.valueType = valueType;
    }

    /** StateFun's name for the value type of a routable protobuf topic. */
    public void setTypeUrl(String typeUrl) {
      this.valueType = typeUrl;
    }

    public List<String> getTargets() {
      return targets;
    }

    public void setTargets(List<String> targets) {
      this.targets = targets;
    }
  }

  /** Where a fresh start begins reading. */
  public static class StartupPosition {

    /** group-offsets, earliest, latest, specific-offsets or date. */
    private String type = "group-offsets";

    /** Offsets for specific-offsets, keyed "[topic/partition]". */
    private Map<String, String> offsets = new LinkedHashMap<>();

    /** Date for date, e.g. "2020-02-01 04:15:00.00 Z" or ISO-8601. */
    private String date;

    public String getType() {
      return type;
    }

    public void setType(String type) {
      this.type = type;
    }

    public Map<String, String> getOffsets() {
      return offsets;
    }

    public void setOffsets(Map<String, String> offsets) {
      this.offsets = offsets;
    }

    public String getDate() {
      return date;
    }

    public void setDate(String date) {
      this.date = date;
    }
  }

  /** One Kafka egress. */
  public static class Egress {

    /** Egress id, namespace/name. */
    private String id;

    /** Bootstrap servers of this egress; overrides statefun.kafka.bootstrap-servers. */
    private String address;

    /** Bean name of the KafkaEgressSerializer; without one the egress is generic. */
    private String serializer;

    /** Topic of a generic egress for messages that are not KafkaProducerRecords, written as JSON. */
    private String topic;

    /** Property of a message written as JSON to the topic above whose value becomes the record key (UTF-8); none when unset. */
    private String keyProperty;

    /** How records are written. */
    private final DeliverySemantic deliverySemantic = new DeliverySemantic();

    /** Kafka producer properties; the named settings above win over the same keys. */
    private Map<String, String> properties = new LinkedHashMap<>();

    public String getId() {
      return id;
    }

    public void setId(String id) {
      this.id = id;
    }

    public String getAddress() {
      return address;
    }

    public void setAddress(String address) {
      this.address = address;
    }

    public String getSerializer() {
      return serializer;
    }

    public void setSerializer(String serializer) {
      this.serializer = serializer;
    }

    public String getTopic() {
      return topic;
    }

    public void setTopic(String topic) {
      this.topic = topic;
    }

    public String getKeyProperty() {
      return keyProperty;
    }

    public void setKeyProperty(String keyProperty) {
      this.keyProperty = keyProperty;
    }

    public DeliverySemantic getDeliverySemantic() {
      return deliverySemantic;
    }

    public Map<String, String> getProperties() {
      return properties;
    }

    public void setProperties(Map<String, String> properties) {
      this.properties = properties;
    }
  }

  /** How an egress writes. */
  public static class DeliverySemantic {

    /** at-least-once, exactly-once or none. */
    private String type = "at-least-once";

    /** Kafka transaction timeout of exactly-once, e.g. 15m, PT15M or 15min. */
    private String transactionTimeout;

    /** Kafka transaction timeout of exactly-once in milliseconds (StateFun's key). */
    private String transactionTimeoutMillis;

    public String getType() {
      return type;
    }

    public void setType(String type) {
      this.type = type;
    }

    public String getTransactionTimeout() {
      return transactionTimeout;
    }

    public void setTransactionTimeout(String transactionTimeout) {
      this.transactionTimeout = transactionTimeout;
    }

    public String getTransactionTimeoutMillis() {
      return transactionTimeoutMillis;
    }

    public void setTransactionTimeoutMillis(String transactionTimeoutMillis) {
      this.transactionTimeoutMillis = transactionTimeoutMillis;
    }
  }

  /** A real single-node KRaft broker in this JVM, for development. */
  public static class EmbeddedBroker {

    /** Whether to start an in-process Kafka broker before the job; needs spring-kafka-test on the classpath. */
    private boolean enabled;

    /** Broker port; 0 for any free port. */
    private int port;

    /** Partitions of topics the broker creates on first use. */
    private int partitions = 2;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = port;
    }

    public int getPartitions() {
      return partitions;
    }

    public void setPartitions(int partitions) {
      this.partitions = partitions;
    }
  }
}
