package dev.statefun.kafka.runtime.envelope;

import dev.statefun.kafka.sdk.TypedValue;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Serializes {@link TypedValue}s (type name, then bytes): the state of remote functions.
 *
 * <p>Internal.
 */
public final class TypedValueSerializer extends ImmutableValueSerializer<TypedValue> {

  private static final long serialVersionUID = 1L;

  public static final TypedValueSerializer INSTANCE = new TypedValueSerializer();

  @Override
  public void serialize(TypedValue value, DataOutputView out) throws IOException {
    StringValue.writeString(value.typeName(), out);
    writeBytes(value.value(), out);
  }

  @Override
  public TypedValue deserialize(DataInputView in) throws IOException {
    return new TypedValue(StringValue.readString(in), readBytes(in));
  }

  @Override
  public TypeSerializerSnapshot<TypedValue> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer's snapshot; the format has one version so far. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<TypedValue> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
