package dev.statefun.kafka.runtime.ingress;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * Starts each partition at its first record at or after a timestamp; a partition with no such
 * record starts at the auto-reset position (Flink's own timestamp initializer always takes the
 * end). Internal.
 */
final class TimestampOffsetsInitializer implements OffsetsInitializer {

  private static final long serialVersionUID = 1L;

  private final long timestamp;
  private final OffsetResetStrategy fallback;

  TimestampOffsetsInitializer(long timestamp, OffsetResetStrategy fallback) {
    this.timestamp = timestamp;
    this.fallback = fallback;
  }

  @Override
  public Map<TopicPartition, Long> getPartitionOffsets(
      Collection<TopicPartition> partitions, PartitionOffsetsRetriever retriever) {
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(partition -> query.put(partition, timestamp));
    Map<TopicPartition, Long> offsets = new HashMap<>();
    List<TopicPartition> noRecordAfter = new ArrayList<>();
    retriever.offsetsForTimes(query).forEach((partition, found) -> {
      if (found == null) {
        noRecordAfter.add(partition);
      } else {
        offsets.put(partition, found.offset());
      }
    });
    partitions.stream().filter(p -> !offsets.containsKey(p) && !noRecordAfter.contains(p)).forEach(noRecordAfter::add);
    if (!noRecordAfter.isEmpty()) {
      offsets.putAll(fallback == OffsetResetStrategy.EARLIEST
          ? retriever.beginningOffsets(noRecordAfter)
          : retriever.endOffsets(noRecordAfter));
    }
    return offsets;
  }

  @Override
  public OffsetResetStrategy getAutoOffsetResetStrategy() {
    return fallback;
  }

}
