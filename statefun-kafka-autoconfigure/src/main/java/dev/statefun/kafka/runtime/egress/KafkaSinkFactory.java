package dev.statefun.kafka.runtime.egress;

import dev.statefun.kafka.io.DeliverySemantic;
import dev.statefun.kafka.io.KafkaEgressSpec;
import dev.statefun.kafka.runtime.KafkaClientSettings;
import dev.statefun.kafka.runtime.KafkaProperties;
import dev.statefun.kafka.runtime.envelope.IngressRecord;
import dev.statefun.kafka.runtime.universe.UniverseHandle;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Turns a {@link KafkaEgressSpec} into a Flink {@link KafkaSink}: the delivery semantic becomes
 * the sink's guarantee; exactly-once gets a transactional-id prefix unique per application and
 * egress and stable across restarts (so a restarted application aborts what it left open and
 * never fences another's), and the spec's transaction timeout. The serializer picks the topic
 * per record, so the sink cannot use Flink's pooled transaction naming (it needs the topics up
 * front) and keeps the default naming. Fenced and timed-out transactions are logged with what to
 * change, and restored transactions already committed are not committed again
 * ({@link KafkaEgressSink}). Internal.
 */
public final class KafkaSinkFactory {

  static final String EXACTLY_ONCE_LINGER_MS = "50";
  static final String EXACTLY_ONCE_BATCH_SIZE = Integer.toString(128 * 1024);

  private KafkaSinkFactory() {}

  public static Sink<Object> create(KafkaEgressSpec<?> spec, String kafkaAddress, String applicationId,
      UniverseHandle handle, KafkaClientSettings shared) {
    String prefix = transactionalIdPrefix(applicationId, spec.id().toString());
    Properties producerProperties = producerProperties(spec, kafkaAddress, shared);
    KafkaSink<Object> sink = KafkaSink.<Object>builder()
        .setBootstrapServers(kafkaAddress)
        .setKafkaProducerConfig(producerProperties)
        .setDeliveryGuarantee(guaranteeOf(spec.deliverySemantic()))
        .setTransactionalIdPrefix(prefix)
        .setRecordSerializer(new EgressRecordSchema(handle, spec.id()))
        .build();
    return new KafkaEgressSink<>(sink, new TransactionFailureAdvice(spec.id().toString(),
        originOf(spec, handle), prefix, spec.transactionTimeout()), producerProperties);
  }

  /**
   * The producer properties of an egress: the user's; unless given, batching defaults (exactly-once:
   * {@code linger.ms} 50 and {@code batch.size} 128 KiB, others: {@code linger.ms} 5); and
   * the named settings (address, transaction timeout), which win; overriding a user's different
   * value is logged. {@code shared} lies beneath the user's properties.
   */
  public static Properties producerProperties(KafkaEgressSpec<?> spec, String kafkaAddress,
      KafkaClientSettings shared) {
    String where = "egress " + spec.id();
    Properties properties = shared.beneath(spec.properties());
    if (spec.deliverySemantic() == DeliverySemantic.EXACTLY_ONCE) {
      // readers see nothing before the commit at the next checkpoint, and the commit flushes:
      // waiting longer for fuller batches costs no latency and saves the broker requests
      KafkaProperties.putDefault(properties, ProducerConfig.LINGER_MS_CONFIG, EXACTLY_ONCE_LINGER_MS);
      KafkaProperties.putDefault(properties, ProducerConfig.BATCH_SIZE_CONFIG, EXACTLY_ONCE_BATCH_SIZE);
    } else {
      KafkaProperties.putDefault(properties, ProducerConfig.LINGER_MS_CONFIG, "5");
    }
    KafkaProperties.putNamed(properties, ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaAddress, where);
    if (spec.deliverySemantic() == DeliverySemantic.EXACTLY_ONCE) {
      KafkaProperties.putNamed(properties, ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
          Long.toString(spec.transactionTimeout().toMillis()), where);
    }
    return properties;
  }

  private static String originOf(KafkaEgressSpec<?> spec, UniverseHandle handle) {
    try {
      return "set at " + handle.universe().originOf(spec.id());
    } catch (RuntimeException e) {
      return "set where egress " + spec.id() + " is bound";
    }
  }

  /** A sink for the dead letters of one ingress; at-least-once, so none is lost. */
  public static KafkaSink<IngressRecord> deadLetters(String kafkaAddress, KafkaClientSettings shared) {
    Properties producerProperties = shared.beneath(new Properties());
    return KafkaSink.<IngressRecord>builder()
        .setBootstrapServers(kafkaAddress)
        .setKafkaProducerConfig(producerProperties)
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setRecordSerializer(new DeadLetterSchema())
        .build();
  }

  public static DeliveryGuarantee guaranteeOf(DeliverySemantic semantic) {
    return switch (semantic) {
      case NONE -> DeliveryGuarantee.NONE;
      case AT_LEAST_ONCE -> DeliveryGuarantee.AT_LEAST_ONCE;
      case EXACTLY_ONCE -> DeliveryGuarantee.EXACTLY_ONCE;
    };
  }

  /** {@code <application>-<namespace>-<name>}, with characters Kafka ids dislike replaced. */
  public static String transactionalIdPrefix(String applicationId, String egressId) {
    return (applicationId + "-" + egressId).replaceAll("[^A-Za-z0-9._-]", "-");
  }
}
