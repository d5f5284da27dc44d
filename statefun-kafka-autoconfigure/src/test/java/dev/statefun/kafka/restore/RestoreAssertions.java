package dev.statefun.kafka.restore;

import dev.statefun.kafka.sdk.StatefunConfigurationException;
import dev.statefun.kafka.testing.TestBroker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What the restore tests read back: output values per key, in topic order. */
final class RestoreAssertions {

  private RestoreAssertions() {}

  static Map<String, List<String>> valuesPerKey(List<ConsumerRecord<byte[], byte[]>> records) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      values.computeIfAbsent(TestBroker.utf8(record.key()), k -> new ArrayList<>()).add(TestBroker.utf8(record.value()));
    }
    return values;
  }

  /** The counts of {@code <count>:<input>} values, or of {@code <label><count>:<input>} ones. */
  static List<Integer> counts(List<String> values, String label) {
    return values.stream()
        .filter(value -> label.isEmpty() ? Character.isDigit(value.charAt(0)) : value.startsWith(label))
        .map(value -> Integer.parseInt(value.substring(label.length(), value.indexOf(':', label.length()))))
        .toList();
  }

  static List<Integer> oneTo(int from, int to) {
    List<Integer> numbers = new ArrayList<>();
    for (int n = from; n <= to; n++) {
      numbers.add(n);
    }
    return numbers;
  }

  static StatefunConfigurationException configurationFailure(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof StatefunConfigurationException configuration) {
        return configuration;
      }
    }
    throw new AssertionError("no StatefunConfigurationException in the causes of " + failure, failure);
  }
}
