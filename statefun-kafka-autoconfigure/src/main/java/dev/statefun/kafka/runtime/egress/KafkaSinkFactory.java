package dev.statefun.kafka.runtime.egress;

import dev.statefun.kafka.io.DeliverySemantic;
import dev.statefun.kafka.io.KafkaEgressSpec;
import dev.statefun.kafka.runtime.KafkaProperties;
import dev.statefun.kafka.runtime.envelope.IngressRecord;
import dev.statefun.kafka.runtime.universe.UniverseHandle;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Turns a {@link KafkaEgressSpec} into a Flink {@link KafkaSink}: the delivery semantic becomes
 * the sink's guarantee; exactly-once gets a transactional-id prefix unique per application and
 * egress and stable across restarts (so a restarted application aborts what it left open and
 * never fences another's), and the spec's transaction timeout. The serializer picks the topic
 * per record, so the sink cannot use Flink's pooled transaction naming (it needs the topics up
 * front) and keeps the default naming. Internal.
 */
public final class KafkaSinkFactory {

  private KafkaSinkFactory() {}

  public static KafkaSink<Object> create(
      KafkaEgressSpec<?> spec, String kafkaAddress, String applicationId, UniverseHandle handle) {
    String where = "egress " + spec.id();
    Properties properties = spec.properties();
    KafkaProperties.putDefault(properties, ProducerConfig.LINGER_MS_CONFIG, "5");
    KafkaProperties.putNamed(properties, ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaAddress, where);
    if (spec.deliverySemantic() == DeliverySemantic.EXACTLY_ONCE) {
      KafkaProperties.putNamed(properties, ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
          Long.toString(spec.transactionTimeout().toMillis()), where);
    }
    return KafkaSink.<Object>builder()
        .setBootstrapServers(kafkaAddress)
        .setKafkaProducerConfig(properties)
        .setDeliveryGuarantee(guaranteeOf(spec.deliverySemantic()))
        .setTransactionalIdPrefix(transactionalIdPrefix(applicationId, spec.id().toString()))
        .setRecordSerializer(new EgressRecordSchema(handle, spec.id()))
        .build();
  }

  /** A sink for the dead letters of one ingress; at-least-once, so none is lost. */
  public static KafkaSink<IngressRecord> deadLetters(String kafkaAddress, Properties producerProperties) {
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
