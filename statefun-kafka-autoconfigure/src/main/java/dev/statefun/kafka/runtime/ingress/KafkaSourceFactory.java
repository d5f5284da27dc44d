package dev.statefun.kafka.runtime.ingress;

import dev.statefun.kafka.io.KafkaIngressAutoResetPosition;
import dev.statefun.kafka.io.KafkaIngressSpec;
import dev.statefun.kafka.io.KafkaIngressStartupPosition;
import dev.statefun.kafka.runtime.KafkaClientSettings;
import dev.statefun.kafka.runtime.KafkaProperties;
import dev.statefun.kafka.runtime.envelope.IngressRecord;
import java.util.Locale;
import java.util.Properties;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Turns a {@link KafkaIngressSpec} into a Flink {@link KafkaSource}: the startup position
 * becomes an {@link OffsetsInitializer} that falls back to the auto-reset position, offsets are
 * committed to the group on checkpoint, and the named settings win over the user's properties.
 *
 * <p>Internal.
 */
public final class KafkaSourceFactory {

  static final String PARTITION_DISCOVERY_INTERVAL = KafkaSourceOptions.PARTITION_DISCOVERY_INTERVAL_MS.key();
  static final String DEFAULT_PARTITION_DISCOVERY_INTERVAL_MS = "10000";

  private KafkaSourceFactory() {}

  /** The source of an ingress; {@code shared} lies beneath the ingress's own properties. */
  public static KafkaSource<IngressRecord> create(KafkaIngressSpec<?> spec, String kafkaAddress,
      KafkaClientSettings shared) {
    IngressTopics.warnIfMissingMeanwhile(spec, kafkaAddress, shared);
    Properties properties = shared.beneath(spec.properties());
    KafkaProperties.putDefault(properties, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // KafkaSource only sees partitions (and topics created after the start) on discovery; its own default is 5 minutes
    KafkaProperties.putDefault(properties, PARTITION_DISCOVERY_INTERVAL, DEFAULT_PARTITION_DISCOVERY_INTERVAL_MS);
    String where = "ingress " + spec.id();
    KafkaProperties.putNamed(properties, ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaAddress, where);
    KafkaProperties.putNamed(properties, ConsumerConfig.GROUP_ID_CONFIG, spec.consumerGroupId(), where);
    OffsetsInitializer startingOffsets = startingOffsets(spec.startupPosition(), spec.autoResetPosition());
    KafkaProperties.putNamed(properties, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        startingOffsets.getAutoOffsetResetStrategy().name().toLowerCase(Locale.ROOT), where);
    // KafkaSource sets the reset itself from the initializer, warning about any value already there, even the same
    properties.remove(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG);
    return KafkaSource.<IngressRecord>builder()
        .setProperties(properties)
        .setTopics(spec.topicNames())
        .setStartingOffsets(startingOffsets)
        .setDeserializer(new IngressRecordSchema(spec.id().toString()))
        .setProperty("commit.offsets.on.checkpoint", "true")
        .build();
  }

  /** The offsets a fresh start begins at; a missing or out-of-range offset falls back to the reset position. */
  public static OffsetsInitializer startingOffsets(
      KafkaIngressStartupPosition position, KafkaIngressAutoResetPosition autoReset) {
    OffsetResetStrategy fallback =
        autoReset == KafkaIngressAutoResetPosition.EARLIEST ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST;
    if (position.isEarliest()) {
      return OffsetsInitializer.earliest();
    }
    if (position.isLatest()) {
      return OffsetsInitializer.latest();
    }
    if (position.isSpecificOffsets()) {
      return OffsetsInitializer.offsets(position.specificOffsets(), fallback);
    }
    if (position.isDate()) {
      return new TimestampOffsetsInitializer(position.date().toInstant().toEpochMilli(), fallback);
    }
    return OffsetsInitializer.committedOffsets(fallback);
  }
}
