package dev.statefun.kafka.runtime.feedback;

import dev.statefun.kafka.runtime.KafkaClientSettings;
import dev.statefun.kafka.runtime.envelope.Envelope;
import dev.statefun.kafka.runtime.envelope.EnvelopeSerializer;
import dev.statefun.kafka.runtime.envelope.SerializerTypeInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path of messages between functions on different parallel instances: the dispatcher
 * writes them to an internal topic owned by the application, in Kafka transactions committed
 * on checkpoint, and reads them back read_committed, so a message is delivered once even
 * across failures. Internal.
 */
public final class FeedbackLoop {

  private static final Logger LOG = LoggerFactory.getLogger(FeedbackLoop.class);

  private final String topic;
  private final String kafkaAddress;
  private final String applicationId;
  private final KafkaClientSettings shared;

  public FeedbackLoop(String applicationId, String kafkaAddress, KafkaClientSettings shared) {
    this.shared = shared;
    this.applicationId = applicationId;
    this.topic = applicationId + "-statefun-feedback";
    this.kafkaAddress = kafkaAddress;
  }

  public String topic() {
    return topic;
  }

  /** Creates the topic if it is missing. */
  public void createTopic(int partitions, Duration timeout) {
    Properties admin = shared.admin(kafkaAddress, new Properties());
    try (Admin client = Admin.create(admin)) {
      client.createTopics(List.of(new NewTopic(topic, partitions, (short) -1)
              .configs(Map.of("retention.ms", Long.toString(Duration.ofDays(7).toMillis())))))
          .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("Created the feedback topic {} with {} partitions", topic, partitions);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("Cannot create the feedback topic " + topic + " at " + kafkaAddress, e.getCause());
      }
    } catch (Exception e) {
      throw new IllegalStateException("Cannot create the feedback topic " + topic + " at " + kafkaAddress, e);
    }
  }

  /**
   * The source of the loop. A fresh start reads from the end offsets taken now, before the job
   * writes anything: "latest" would be resolved only when the source gets its partitions, and
   * would skip what the dispatcher committed before that. A restored job goes on from the
   * offsets in its snapshot. The records of the topic are always in the self-describing
   * {@link EnvelopeSerializer} form; {@code producedType} is the type of the stream they join.
   */
  public KafkaSource<Envelope> source(Duration timeout, TypeInformation<Envelope> producedType) {
    return KafkaSource.<Envelope>builder()
        .setProperties(shared.beneath(new Properties()))
        .setBootstrapServers(kafkaAddress)
        .setGroupId(applicationId + "-statefun-feedback")
        .setTopics(topic)
        .setStartingOffsets(OffsetsInitializer.offsets(endOffsets(timeout), OffsetResetStrategy.EARLIEST))
        .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        // the loop's offsets live in the checkpoints; committing them to the group too would only
        // cost the broker a write per reader and checkpoint
        .setProperty(KafkaSourceOptions.COMMIT_OFFSETS_ON_CHECKPOINT.key(), "false")
        .setClientIdPrefix(applicationId + "-feedback")
        .setDeserializer(new EnvelopeRecordSchema(producedType))
        .build();
  }

  private Map<TopicPartition, Long> endOffsets(Duration timeout) {
    Properties admin = shared.admin(kafkaAddress, new Properties());
    try (Admin client = Admin.create(admin)) {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      describe(client, timeout).partitions()
          .forEach(partition -> request.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
      Map<TopicPartition, Long> offsets = new HashMap<>();
      client.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .forEach((partition, info) -> offsets.put(partition, info.offset()));
      return offsets;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot read the end offsets of the feedback topic " + topic + " at " + kafkaAddress, e);
    }
  }

  /** A topic just created may take a moment to be known to the broker that answers. */
  private TopicDescription describe(Admin client, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return client.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .get(topic);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  public KafkaSink<Envelope> sink(Duration transactionTimeout) {
    return KafkaSink.<Envelope>builder()
        .setKafkaProducerConfig(shared.beneath(new Properties()))
        .setBootstrapServers(kafkaAddress)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix((applicationId + "-statefun-feedback").replaceAll("[^A-Za-z0-9._-]", "-"))
        .setTransactionNamingStrategy(TransactionNamingStrategy.POOLING)
        .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(transactionTimeout.toMillis()))
        .setProperty(ProducerConfig.LINGER_MS_CONFIG, "5")
        .setRecordSerializer(new EnvelopeRecordSchema.Writer(topic))
        .build();
  }

  /** Envelopes in and out of the feedback topic, keyed by the target's id. */
  static final class EnvelopeRecordSchema implements KafkaRecordDeserializationSchema<Envelope> {
    private static final long serialVersionUID = 1L;
    private final TypeInformation<Envelope> producedType;
    private transient EnvelopeSerializer serializer;

    EnvelopeRecordSchema(TypeInformation<Envelope> producedType) {
      this.producedType = producedType;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Envelope> out) throws IOException {
      if (serializer == null) {
        serializer = new EnvelopeSerializer();
      }
      out.collect(serializer.deserialize(new DataInputDeserializer(record.value())));
    }

    @Override
    public TypeInformation<Envelope> getProducedType() {
      return producedType;
    }

    static final class Writer implements KafkaRecordSerializationSchema<Envelope>, KafkaDatasetFacetProvider {
      private static final long serialVersionUID = 1L;
      private final String topic;
      private transient EnvelopeSerializer serializer;
      private transient DataOutputSerializer buffer;

      Writer(String topic) {
        this.topic = topic;
      }

      /** Names the one topic written, which lets the sink pool its transactional ids. */
      @Override
      public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
        return Optional.of(new DefaultKafkaDatasetFacet(DefaultKafkaDatasetIdentifier.ofTopics(List.of(topic))));
      }

      @Override
      public ProducerRecord<byte[], byte[]> serialize(Envelope envelope, KafkaSinkContext context, Long timestamp) {
        if (serializer == null) {
          serializer = new EnvelopeSerializer();
          buffer = new DataOutputSerializer(256);
        }
        buffer.clear();
        try {
          serializer.serialize(envelope, buffer);
        } catch (IOException e) {
          throw new IllegalStateException("Cannot write " + envelope, e);
        }
        return new ProducerRecord<>(topic, envelope.key().getBytes(StandardCharsets.UTF_8), buffer.getCopyOfBuffer());
      }
    }
  }
}
