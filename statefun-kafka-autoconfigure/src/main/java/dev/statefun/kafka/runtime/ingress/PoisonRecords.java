package dev.statefun.kafka.runtime.ingress;

import dev.statefun.kafka.io.DeserializationErrorPolicy;
import dev.statefun.kafka.io.KafkaIngressSpec;
import dev.statefun.kafka.runtime.envelope.IngressRecord;
import java.util.function.Consumer;
import dev.statefun.kafka.runtime.metrics.IngressRecordMetrics;
import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an ingress's {@code on-deserialization-error} policy to a record that cannot be read:
 * skip it (logged and counted), fail the job, or send it to the dead-letter topic with headers
 * naming the error. Internal.
 */
public final class PoisonRecords {

  public static final String HEADER_EXCEPTION_FQCN = "statefun_dlt-exception-fqcn";
  public static final String HEADER_EXCEPTION_MESSAGE = "statefun_dlt-exception-message";
  public static final String HEADER_ORIGINAL_TOPIC = "statefun_dlt-original-topic";
  public static final String HEADER_ORIGINAL_PARTITION = "statefun_dlt-original-partition";
  public static final String HEADER_ORIGINAL_OFFSET = "statefun_dlt-original-offset";
  public static final String HEADER_INGRESS = "statefun_dlt-ingress";

  private static final Logger LOG = LoggerFactory.getLogger(PoisonRecords.class);

  private final String ingressId;
  private final DeserializationErrorPolicy policy;
  private final String deadLetterTopic;
  private final IngressRecordMetrics metrics;
  private final Consumer<IngressRecord> deadLetters;

  public PoisonRecords(KafkaIngressSpec<?> spec, IngressRecordMetrics metrics, Consumer<IngressRecord> deadLetters) {
    this.ingressId = spec.id().toString();
    this.policy = spec.deserializationErrorPolicy();
    this.deadLetterTopic = spec.deadLetterTopic().orElse(null);
    this.metrics = metrics;
    this.deadLetters = deadLetters;
  }

  public void handle(IngressRecord record, Throwable error) {
    switch (policy) {
      case FAIL -> throw new PoisonRecordException(
          "Ingress " + ingressId + " cannot read the record at " + record.position()
              + " (on-deserialization-error: fail): " + error, error);
      case DEAD_LETTER -> {
        metrics.deadLettered();
        LOG.warn("Ingress {} cannot read the record at {}; it goes to the dead-letter topic {}: {}",
            ingressId, record.position(), deadLetterTopic, error.toString());
        deadLetters.accept(record.redirectedTo(deadLetterTopic,
            IngressRecord.header(HEADER_EXCEPTION_FQCN, error.getClass().getName()),
            IngressRecord.header(HEADER_EXCEPTION_MESSAGE, String.valueOf(error.getMessage())),
            IngressRecord.header(HEADER_ORIGINAL_TOPIC, record.topic()),
            IngressRecord.header(HEADER_ORIGINAL_PARTITION, Integer.toString(record.partition())),
            IngressRecord.header(HEADER_ORIGINAL_OFFSET, Long.toString(record.offset())),
            IngressRecord.header(HEADER_INGRESS, ingressId)));
      }
      default -> {
        metrics.skipped();
        LOG.warn("Ingress {} skips the record at {} that it cannot read: {}",
            ingressId, record.position(), error.toString());
      }
    }
  }

  /**
   * Fails the job on a record that cannot be read, under the {@code fail} policy. It is marked
   * non-recoverable: a restart would read the same record from the same offset and fail again,
   * so Flink fails the job at once instead of running its restart strategy in a loop.
   */
  @ThrowableAnnotation(ThrowableType.NonRecoverableError)
  public static final class PoisonRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PoisonRecordException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
