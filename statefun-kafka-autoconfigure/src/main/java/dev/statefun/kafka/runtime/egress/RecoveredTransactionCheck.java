package dev.statefun.kafka.runtime.egress;

import java.util.Collection;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTransactionsResult;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.protocol.ApiKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the broker which transactions of recovered committables were committed before the
 * restart. A restored checkpoint holds the committables of its own transactions, and the
 * previous run has most often committed them already (the commit follows the checkpoint by
 * milliseconds; a {@code kill -9} after it leaves the checkpoint as the newest). Committing such
 * a transaction again with the id and epoch of the committable works under Kafka's transaction
 * version 1 but is fenced under version 2 (KIP-890, on by default in clusters created with Kafka
 * 4), whose commit bumps the epoch: Flink's committer resumes the transaction in a producer that
 * never ran {@code initTransactions}, so it never learns that version 2 is in use and sends a
 * version 1 EndTxn, which the broker refuses as from a fenced producer (a version 2 one would be
 * taken as a retry and succeed).
 *
 * <p>A transaction counts as committed only on proof: the broker's state of its transactional
 * id is committed (or committing) under the committable's producer id, at the committable's
 * epoch (version 1 keeps it) or one above with version 2 in use (the commit's own bump; any other
 * producer's takeover bumps at least once more before it could commit). Everything else, and any
 * failure to ask, goes to Flink's committer as before. Internal.
 */
final class RecoveredTransactionCheck implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RecoveredTransactionCheck.class);
  private static final String TRANSACTION_VERSION = "transaction.version";
  /** The first EndTxn request version of transaction version 2 (KIP-890). */
  private static final short END_TXN_TRANSACTION_V2 = 5;
  private static final long TIMEOUT_SECONDS = 30;

  private final Properties adminProperties;
  private Admin admin;

  RecoveredTransactionCheck(Properties producerProperties) {
    this.adminProperties = new Properties();
    // the connection and security settings; not the producer's client.id, which parallel committers would share
    producerProperties.forEach((key, value) -> {
      if (AdminClientConfig.configNames().contains(String.valueOf(key))
          && !AdminClientConfig.CLIENT_ID_CONFIG.equals(key)) {
        adminProperties.put(key, value);
      }
    });
  }

  /** The transactional ids of {@code committables} the broker shows committed; those it cannot tell about are left out. */
  Set<String> committed(Collection<KafkaCommittable> committables) {
    if (committables.isEmpty()) {
      return Set.of();
    }
    Set<String> committed = new HashSet<>();
    try {
      DescribeTransactionsResult descriptions = admin().describeTransactions(
          committables.stream().map(KafkaCommittable::getTransactionalId).distinct().toList());
      boolean transactionV2 = transactionV2();
      for (KafkaCommittable committable : committables) {
        try {
          TransactionDescription description =
              descriptions.description(committable.getTransactionalId()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          if (isCommit(committable, description, transactionV2)) {
            committed.add(committable.getTransactionalId());
          }
        } catch (ExecutionException | TimeoutException e) {
          LOG.debug("Could not ask the broker for the state of recovered transaction {}", committable, e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LOG.debug("Could not ask the broker for the state of recovered transactions {}", committables, e);
    }
    return committed;
  }

  private static boolean isCommit(KafkaCommittable committable, TransactionDescription description, boolean transactionV2) {
    boolean committing = description.state() == TransactionState.COMPLETE_COMMIT
        || description.state() == TransactionState.PREPARE_COMMIT;
    int bump = description.producerEpoch() - committable.getEpoch();
    return committing && description.producerId() == committable.getProducerId()
        && (bump == 0 || (bump == 1 && transactionV2));
  }

  /** Whether this client and the brokers use transaction version 2, whose commit bumps the epoch. */
  private boolean transactionV2() throws ExecutionException, InterruptedException, TimeoutException {
    FinalizedVersionRange finalized = admin().describeFeatures().featureMetadata()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).finalizedFeatures().get(TRANSACTION_VERSION);
    return finalized != null && finalized.maxVersionLevel() >= 2
        && ApiKeys.END_TXN.latestVersion() >= END_TXN_TRANSACTION_V2;
  }

  private Admin admin() {
    if (admin == null) {
      admin = Admin.create(adminProperties);
    }
    return admin;
  }

  @Override
  public void close() {
    if (admin != null) {
      admin.close();
      admin = null;
    }
  }
}
