package dev.statefun.kafka.runtime.egress;

import java.io.Serializable;
import java.time.Duration;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says what to change when an exactly-once egress's Kafka transaction fails at run time: a
 * fenced producer (another producer took over the transactional ids) or a transaction the broker
 * aborted (most often because it outlived its transaction timeout). Flink's own messages name
 * Kafka settings; this one names the application's. Internal.
 */
final class TransactionFailureAdvice implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(TransactionFailureAdvice.class);

  private final String egressId;
  private final String origin;
  private final String transactionalIdPrefix;
  private final Duration transactionTimeout;

  TransactionFailureAdvice(String egressId, String origin, String transactionalIdPrefix, Duration transactionTimeout) {
    this.egressId = egressId;
    this.origin = origin;
    this.transactionalIdPrefix = transactionalIdPrefix;
    this.transactionTimeout = transactionTimeout;
  }

  /** Logs what to change when {@code failure} (or a cause) is a fenced or aborted transaction; true if it did. */
  boolean adviseOn(Throwable failure, String when) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ProducerFencedException) {
        LOG.error("The Kafka producer of egress {} was fenced while {}: another producer uses its transactional ids "
            + "({}-*). Either a second instance of this application runs with the same statefun.flink.application-id, "
            + "or another application has the same statefun.flink.application-id and egress id: give each application "
            + "its own application id and run one instance of it. If the job was down or restarting for longer than "
            + "the transaction timeout ({}, {}), the transaction expired instead: raise the timeout (at most the "
            + "brokers' transaction.max.timeout.ms). Records of the fenced transaction are lost if it held a "
            + "completed checkpoint. Cause: {}", egressId, when, transactionalIdPrefix, transactionTimeout, origin,
            cause.toString());
        return true;
      }
      if (cause instanceof InvalidProducerEpochException || cause instanceof InvalidTxnStateException
          || cause instanceof TransactionAbortedException) {
        LOG.error("The Kafka transaction of egress {} was aborted by the broker while {}, most likely because it "
            + "stayed open longer than its transaction timeout ({}, {}). A transaction stays open from one checkpoint "
            + "to the next and through a restart: make the timeout comfortably longer than "
            + "statefun.flink.checkpoint-interval plus the time a restart takes (at most the brokers' "
            + "transaction.max.timeout.ms), or checkpoint more often. Records of an aborted transaction whose "
            + "checkpoint completed are lost. Cause: {}", egressId, when, transactionTimeout, origin, cause.toString());
        return true;
      }
    }
    return false;
  }
}
