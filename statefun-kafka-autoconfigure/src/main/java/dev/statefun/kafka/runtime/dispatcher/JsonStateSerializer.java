package dev.statefun.kafka.runtime.dispatcher;

import dev.statefun.kafka.runtime.message.MessageCodec;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Keeps a state value of any Jackson-mappable type as JSON. Its snapshot records the class, so
 * a checkpoint restores into the same type. Internal.
 */
final class JsonStateSerializer<T> extends TypeSerializer<T> {

  private static final long serialVersionUID = 1L;
  private final Class<T> type;

  JsonStateSerializer(Class<T> type) {
    this.type = type;
  }

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<T> duplicate() {
    return this;
  }

  @Override
  public T createInstance() {
    return null;
  }

  @Override
  public T copy(T from) {
    return from == null ? null : MessageCodec.json().readValue(MessageCodec.json().writeValueAsBytes(from), type);
  }

  @Override
  public T copy(T from, T reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(T record, DataOutputView target) throws IOException {
    byte[] bytes = MessageCodec.json().writeValueAsBytes(record);
    target.writeInt(bytes.length);
    target.write(bytes);
  }

  @Override
  public T deserialize(DataInputView source) throws IOException {
    byte[] bytes = new byte[source.readInt()];
    source.readFully(bytes);
    return MessageCodec.json().readValue(bytes, type);
  }

  @Override
  public T deserialize(T reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    int length = source.readInt();
    target.writeInt(length);
    target.write(source, length);
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof JsonStateSerializer<?> other && type == other.type;
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<T> snapshotConfiguration() {
    return new Snapshot<>(type);
  }

  /** Records the value class. */
  public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {
    private Class<T> type;

    public Snapshot() {}

    Snapshot(Class<T> type) {
      this.type = type;
    }

    @Override
    public int getCurrentVersion() {
      return 1;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      out.writeUTF(type.getName());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void readSnapshot(int version, DataInputView in, ClassLoader classLoader) throws IOException {
      String name = in.readUTF();
      try {
        type = (Class<T>) Class.forName(name, false, classLoader);
      } catch (ClassNotFoundException e) {
        throw new IOException("State of type " + name + " cannot be restored: the class is not on the classpath", e);
      }
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
      return new JsonStateSerializer<>(type);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
      return oldSnapshot instanceof Snapshot<T> old && Objects.equals(old.type, type)
          ? TypeSerializerSchemaCompatibility.compatibleAsIs()
          : TypeSerializerSchemaCompatibility.incompatible();
    }
  }
}
