package dev.statefun.kafka.runtime.egress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.internal.KafkaCommitter;
import org.apache.flink.connector.kafka.sink.internal.TransactionFinished;
import org.apache.flink.util.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committer of one egress: Flink's Kafka committer, except for recovered transactions the
 * previous run had already committed ({@link RecoveredTransactionCheck}), which are marked
 * committed with an INFO instead of being committed again; Flink's committer would find them
 * fenced and log that data was most likely lost. A commit Flink's committer gives up on is logged
 * with what to change in the application ({@link TransactionFailureAdvice}). Internal.
 */
final class EgressCommitter implements Committer<KafkaCommittable> {

  private static final Logger LOG = LoggerFactory.getLogger(EgressCommitter.class);

  private final Committer<KafkaCommittable> committer;
  private final RecoveredTransactionCheck recovered;
  private final TransactionFailureAdvice advice;

  EgressCommitter(Committer<KafkaCommittable> committer, RecoveredTransactionCheck recovered,
      TransactionFailureAdvice advice) {
    this.committer = committer;
    this.recovered = recovered;
    this.advice = advice;
  }

  @Override
  public void commit(Collection<CommitRequest<KafkaCommittable>> requests) throws IOException, InterruptedException {
    // a committable from this run carries its writer's producer; one without comes from a restored checkpoint
    Set<String> committedBefore = recovered.committed(requests.stream().map(CommitRequest::getCommittable)
        .filter(committable -> committable.getProducer().isEmpty()).toList());
    List<CommitRequest<KafkaCommittable>> toCommit = new ArrayList<>();
    for (CommitRequest<KafkaCommittable> request : requests) {
      KafkaCommittable committable = request.getCommittable();
      if (committable.getProducer().isEmpty() && committedBefore.contains(committable.getTransactionalId())) {
        LOG.info("Egress {}: transaction {} of the restored checkpoint (producer id {}, epoch {}) was committed"
            + " before the restart, the broker says; not committing it again", advice.egressId(),
            committable.getTransactionalId(), committable.getProducerId(), committable.getEpoch());
        request.signalAlreadyCommitted();
        finished(committable);
      } else {
        toCommit.add(new AdvisedCommitRequest(request));
      }
    }
    if (!toCommit.isEmpty()) {
      committer.commit(toCommit);
    }
  }

  /** Tells the writer, as Flink's committer does, so it stops counting the transaction as ongoing. */
  private void finished(KafkaCommittable committable) {
    if (committer instanceof KafkaCommitter kafkaCommitter) {
      kafkaCommitter.getBackchannel().send(TransactionFinished.successful(committable.getTransactionalId()));
    }
  }

  @Override
  public void close() throws Exception {
    IOUtils.closeAll(committer, recovered);
  }

  /** A commit request that advises when the committer gives up on it. */
  private final class AdvisedCommitRequest implements CommitRequest<KafkaCommittable> {

    private final CommitRequest<KafkaCommittable> request;

    AdvisedCommitRequest(CommitRequest<KafkaCommittable> request) {
      this.request = request;
    }

    @Override
    public KafkaCommittable getCommittable() {
      return request.getCommittable();
    }

    @Override
    public int getNumberOfRetries() {
      return request.getNumberOfRetries();
    }

    @Override
    public void signalFailedWithKnownReason(Throwable t) {
      advice.adviseOn(t, "committing " + request.getCommittable());
      request.signalFailedWithKnownReason(t);
    }

    @Override
    public void signalFailedWithUnknownReason(Throwable t) {
      advice.adviseOn(t, "committing " + request.getCommittable());
      request.signalFailedWithUnknownReason(t);
    }

    @Override
    public void retryLater() {
      request.retryLater();
    }

    @Override
    public void updateAndRetryLater(KafkaCommittable committable) {
      request.updateAndRetryLater(committable);
    }

    @Override
    public void signalAlreadyCommitted() {
      request.signalAlreadyCommitted();
    }

    @Override
    public String toString() {
      return request.toString();
    }
  }
}
