package dev.statefun.kafka.runtime.envelope;

import dev.statefun.kafka.runtime.message.MessageCodec;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Serializes the messages a function sends to an egress, should they ever cross a network
 * channel (normally the egress is chained to the dispatcher and they never do). Messages are
 * handed on, not copied: a function must not change a message after sending it.
 *
 * <p>Internal.
 */
public final class MessageSerializer extends ImmutableValueSerializer<Object> {

  private static final long serialVersionUID = 1L;
  private transient MessageCodec codec;

  private MessageCodec codec() {
    if (codec == null) {
      codec = new MessageCodec(Thread.currentThread().getContextClassLoader());
    }
    return codec;
  }

  @Override
  public void serialize(Object message, DataOutputView out) throws IOException {
    StringValue.writeString(codec().typeNameOf(message), out);
    writeBytes(codec().encode(message), out);
  }

  @Override
  public Object deserialize(DataInputView in) throws IOException {
    String typeName = StringValue.readString(in);
    return codec().decode(typeName, readBytes(in));
  }

  @Override
  public MessageSerializer duplicate() {
    return new MessageSerializer();
  }

  @Override
  public TypeSerializerSnapshot<Object> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer's snapshot; the format has one version so far. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<Object> {
    public Snapshot() {
      super(MessageSerializer::new);
    }
  }
}
