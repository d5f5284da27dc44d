package dev.statefun.kafka.runtime.envelope;

import dev.statefun.kafka.sdk.TypedValue;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Serializes {@link TypedValue}s (type name as UTF-8, then bytes): the state of remote functions.
 * A state has one type name, so the last one written and read is kept in both forms: a checkpoint
 * of many addresses encodes and decodes it once. Not thread-safe: {@link #duplicate()} gives each
 * thread its own.
 *
 * <p>Internal.
 */
public final class TypedValueSerializer extends ImmutableValueSerializer<TypedValue> {

  private static final long serialVersionUID = 1L;

  public static final TypedValueSerializer INSTANCE = new TypedValueSerializer();

  private transient String lastWritten;
  private transient byte[] lastWrittenBytes;
  private transient String lastRead;
  private transient byte[] lastReadBytes;

  @Override
  public void serialize(TypedValue value, DataOutputView out) throws IOException {
    String typeName = value.typeName();
    if (!typeName.equals(lastWritten)) {
      lastWritten = typeName;
      lastWrittenBytes = typeName.getBytes(StandardCharsets.UTF_8);
    }
    writeBytes(lastWrittenBytes, out);
    writeBytes(value.value(), out);
  }

  @Override
  public TypedValue deserialize(DataInputView in) throws IOException {
    byte[] name = readBytes(in);
    if (!Arrays.equals(name, lastReadBytes)) {
      lastReadBytes = name;
      lastRead = new String(name, StandardCharsets.UTF_8);
    }
    return new TypedValue(lastRead, readBytes(in));
  }

  @Override
  public TypedValueSerializer duplicate() {
    return new TypedValueSerializer();
  }

  @Override
  public TypeSerializerSnapshot<TypedValue> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer's snapshot; the format has one version so far. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<TypedValue> {
    public Snapshot() {
      super(TypedValueSerializer::new);
    }
  }
}
