package dev.statefun.kafka.runtime.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.runtime.envelope.Envelope;
import dev.statefun.kafka.runtime.envelope.EnvelopeSerializer;
import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.FunctionType;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.runtime.io.disk.iomanager.IOManagerAsync;
import org.apache.flink.runtime.state.CheckpointStateOutputStream;
import org.apache.flink.runtime.state.CheckpointedStateScope;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateCheckpointOutputStream;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.memory.MemCheckpointStreamFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log of one checkpoint on Flink's own checkpoint stream and spilling files. */
class FeedbackLogTest {

  static final int MAX_PARALLELISM = 128;
  static final FunctionType TYPE = new FunctionType("test", "fn");

  @TempDir
  Path spillDir;

  IOManagerAsync ioManager;
  CheckpointStateOutputStream checkpoint;
  KeyedStateCheckpointOutputStream keyed;

  @BeforeEach
  void openCheckpointStream() throws Exception {
    ioManager = new IOManagerAsync(spillDir.toString());
    checkpoint = new MemCheckpointStreamFactory(64 * 1024 * 1024).createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE);
    keyed = new KeyedStateCheckpointOutputStream(checkpoint, KeyGroupRange.of(0, MAX_PARALLELISM - 1));
  }

  @AfterEach
  void closeIoManager() throws Exception {
    ioManager.close();
  }

  @Test
  void aLogBeyondItsMemorySpillsToDiskAndReplaysEveryMessageInOrderPerKeyGroup() throws Exception {
    LogMemory memory = new LogMemory(4 * LogMemory.PAGE_SIZE);
    FeedbackLog log = new FeedbackLog(keyed, memory, ioManager, MAX_PARALLELISM, new EnvelopeSerializer());
    List<Envelope> appended = new ArrayList<>();
    byte[] payload = new byte[1024];
    for (int i = 0; i < 3000; i++) {
      Envelope envelope = Envelope.ofMessage(new Address(TYPE, "id-" + (i % 40)), new Address(TYPE, "from-" + i),
          "test/message", ("message " + i + " ").getBytes(StandardCharsets.UTF_8));
      envelope = Envelope.ofMessage(envelope.target(), envelope.caller(), envelope.messageType(), concat(envelope.messageBytes(), payload));
      log.append(envelope);
      appended.add(envelope);
    }
    assertThat(filesUnder(spillDir)).as("spilled pages").isPositive();
    assertThat(memory.allocated()).as("memory held, a first page per key group at most beyond the bound")
        .isLessThanOrEqualTo(4L * LogMemory.PAGE_SIZE + 40L * LogMemory.PAGE_SIZE);

    log.commit();

    assertThat(filesUnder(spillDir)).as("spill files left").isZero();
    List<Envelope> replayed = replayAll(checkpoint.closeAndGetHandle());
    List<Envelope> expected = new ArrayList<>(appended);
    expected.sort(Comparator.comparingInt(e -> KeyGroupRangeAssignment.assignToKeyGroup(e.key(), MAX_PARALLELISM)));
    assertThat(replayed).extracting(FeedbackLogTest::describe)
        .containsExactlyElementsOf(expected.stream().map(FeedbackLogTest::describe).toList());
  }

  @Test
  void anEmptyLogWritesNothing() throws Exception {
    FeedbackLog log = new FeedbackLog(keyed, new LogMemory(LogMemory.PAGE_SIZE), ioManager, MAX_PARALLELISM,
        new EnvelopeSerializer());
    log.commit();
    StreamStateHandle handle = checkpoint.closeAndGetHandle();
    assertThat(handle == null ? List.of() : replayAll(handle)).isEmpty();
  }

  @Test
  void aClosedLogGivesItsMemoryBackAndDeletesItsFiles() throws Exception {
    LogMemory memory = new LogMemory(2 * LogMemory.PAGE_SIZE);
    FeedbackLog log = new FeedbackLog(keyed, memory, ioManager, MAX_PARALLELISM, new EnvelopeSerializer());
    for (int i = 0; i < 500; i++) {
      log.append(Envelope.ofMessage(new Address(TYPE, "id"), null, "test/message", new byte[512]));
    }
    assertThat(filesUnder(spillDir)).isPositive();
    log.close();
    assertThat(filesUnder(spillDir)).isZero();
    assertThat(memory.nextSegment()).as("a page of the bound is free again").isNotNull();
  }

  private static List<Envelope> replayAll(StreamStateHandle handle) throws Exception {
    List<Envelope> replayed = new ArrayList<>();
    EnvelopeSerializer serializer = new EnvelopeSerializer();
    try (PushbackInputStream in = new PushbackInputStream(handle.openInputStream())) {
      for (int next = in.read(); next >= 0; next = in.read()) {
        in.unread(next);
        FeedbackLog.replay(in, serializer, replayed::add);
      }
    }
    return replayed;
  }

  private static String describe(Envelope envelope) {
    return envelope.target() + " " + envelope.caller() + " " + envelope.messageType() + " "
        + new String(envelope.messageBytes(), 0, 20, StandardCharsets.UTF_8) + " " + envelope.messageBytes().length;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static long filesUnder(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).count();
    }
  }
}
