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

  String egressId() {
    return egressId;
  }

  /** Logs what to change when {@code failure} (or a cause) is a fenced or aborted transaction; true if it did. */
  boolean adviseOn(Throwable failure, String when) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException
          || cause instanceof InvalidTxnStateException || cause instanceof TransactionAbortedException) {
        LOG.error("The Kafka producer of egress {} was fenced or its transaction aborted by the broker while {}. "
            + "Either another producer took over its transactional ids ({}-*): a second instance of this application "
            + "runs with the same statefun.flink.application-id, or another application has the same application id "
            + "and egress id; give each application its own statefun.flink.application-id and run one instance of "
            + "it. Or the transaction stayed open longer than its transaction timeout ({}, {}): it stays open from "
            + "one checkpoint to the next and through a restart, so make the timeout comfortably longer than "
            + "statefun.flink.checkpoint-interval plus a restart (at most the brokers' transaction.max.timeout.ms), or "
            + "checkpoint more often. The job restarts from its last checkpoint; records of a fenced transaction "
            + "whose checkpoint had completed are lost. Cause: {}", egressId, when, transactionalIdPrefix,
            transactionTimeout, origin, cause.toString());
        return true;
      }
    }
    return false;
  }
}
