package dev.statefun.kafka.runtime.feedback;

import dev.statefun.kafka.runtime.envelope.Envelope;
import dev.statefun.kafka.runtime.envelope.EnvelopeSerializer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.core.memory.MemorySegmentSource;
import org.apache.flink.runtime.io.disk.SpillingBuffer;
import org.apache.flink.runtime.io.disk.iomanager.IOManager;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateCheckpointOutputStream;
import org.apache.flink.util.ResourceGuard;

/**
 * The messages that came round the loop while one checkpoint was unfinished at the head: from
 * the head's snapshot until the tail's marker of the same checkpoint. They were sent before
 * the checkpoint and delivered after it, so the checkpoint must carry them. Kept per key group
 * in pages of {@link LogMemory}, spilled to disk past its bound, and written as the head's raw
 * keyed state when the marker comes: one section per key group, so they move with their keys
 * when the job is rescaled. The checkpoint stays open until then (a lease on its stream).
 *
 * <p>A section is a format version, the number of messages, and the messages in the
 * self-describing {@link EnvelopeSerializer} form. Internal.
 */
final class FeedbackLog implements AutoCloseable {

  private static final int FORMAT = 0x5F1B_0001;

  private final KeyedStateCheckpointOutputStream target;
  private final ResourceGuard.Lease lease;
  private final LogMemory memory;
  private final IOManager ioManager;
  private final int maxParallelism;
  private final EnvelopeSerializer serializer;
  private final DataOutputSerializer scratch = new DataOutputSerializer(256);
  private final Map<Integer, Section> sections = new TreeMap<>();
  private boolean closed;

  FeedbackLog(KeyedStateCheckpointOutputStream target, LogMemory memory, IOManager ioManager, int maxParallelism,
      EnvelopeSerializer serializer) throws IOException {
    this.target = target;
    this.lease = target.acquireLease();
    this.memory = memory;
    this.ioManager = ioManager;
    this.maxParallelism = maxParallelism;
    this.serializer = serializer;
  }

  void append(Envelope envelope) {
    int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(envelope.key(), maxParallelism);
    Section section = sections.get(keyGroup);
    if (section == null) {
      section = new Section(new SpillingBuffer(ioManager, new FirstPageThenMemory(), LogMemory.PAGE_SIZE));
      sections.put(keyGroup, section);
    }
    try {
      scratch.clear();
      serializer.serialize(envelope, scratch);
      section.buffer.write(scratch.getSharedBuffer(), 0, scratch.length());
      section.bytes += scratch.length();
      section.count++;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot log " + envelope + " for the checkpoint", e);
    }
  }

  /** Writes the log into the checkpoint and lets the checkpoint finish. */
  void commit() throws IOException {
    try {
      DataOutputViewStreamWrapper out = new DataOutputViewStreamWrapper(target);
      for (Map.Entry<Integer, Section> entry : sections.entrySet()) {
        Section section = entry.getValue();
        target.startNewKeyGroup(entry.getKey());
        out.writeInt(FORMAT);
        out.writeInt(section.count);
        DataInputView logged = section.buffer.flip();
        for (long left = section.bytes; left > 0; ) {
          int chunk = (int) Math.min(left, LogMemory.PAGE_SIZE);
          out.write(logged, chunk);
          left -= chunk;
        }
      }
    } finally {
      close();
    }
  }

  /** Frees the log's memory and files and lets the checkpoint finish, with or without the log in it. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      List<MemorySegment> pages = new ArrayList<>();
      for (Section section : sections.values()) {
        pages.addAll(section.buffer.close());
      }
      memory.release(pages);
      sections.clear();
    } finally {
      lease.close();
    }
  }

  /**
   * Hands the messages of one key group's section of a restored checkpoint to {@code to}, in their
   * order; returns how many.
   */
  static int replay(InputStream section, EnvelopeSerializer serializer, Consumer<Envelope> to) throws IOException {
    DataInputViewStreamWrapper in = new DataInputViewStreamWrapper(section);
    int format = in.readInt();
    if (format != FORMAT) {
      throw new IOException("The feedback loop's state in this snapshot has an unknown format ("
          + Integer.toHexString(format) + "): it was taken by another version");
    }
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      to.accept(serializer.deserialize(in));
    }
    return count;
  }

  /** The first page of a section comes even past the bound; later ones only within it. */
  private final class FirstPageThenMemory implements MemorySegmentSource {
    private boolean first = true;

    @Override
    public MemorySegment nextSegment() {
      if (first) {
        first = false;
        return memory.firstSegment();
      }
      return memory.nextSegment();
    }
  }

  private static final class Section {
    final SpillingBuffer buffer;
    long bytes;
    int count;

    Section(SpillingBuffer buffer) {
      this.buffer = buffer;
    }
  }
}
