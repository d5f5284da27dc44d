package dev.statefun.kafka.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The record formats every contender shares. Input: key {@code k<index>} (record i has key index
 * i mod keys), a value of fixed size, the send time as record timestamp. Output: the same key and
 * a 24-byte value: the key's running count, the input record's timestamp (for end-to-end
 * latency) and the time the contender processed it (for throughput from the output alone).
 */
final class Workload {

  static final int OUTPUT_VALUE_BYTES = 24;

  private Workload() {}

  static String key(long record, int keys) {
    return "k" + (record % keys);
  }

  static byte[] keyBytes(long record, int keys) {
    return key(record, keys).getBytes(StandardCharsets.UTF_8);
  }

  /** The key index of an output key, -1 if it is not one of ours. */
  static int keyIndex(byte[] key) {
    if (key == null || key.length < 2 || key[0] != 'k') {
      return -1;
    }
    int index = 0;
    for (int i = 1; i < key.length; i++) {
      index = index * 10 + (key[i] - '0');
    }
    return index;
  }

  /** How many of {@code records} carry key index {@code key}. */
  static long expectedCount(long records, int keys, int key) {
    return records / keys + (key < records % keys ? 1 : 0);
  }

  static byte[] outputValue(long count, long inputTimestamp, long processedAt) {
    return ByteBuffer.allocate(OUTPUT_VALUE_BYTES).putLong(count).putLong(inputTimestamp).putLong(processedAt).array();
  }
}
