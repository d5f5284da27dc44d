package dev.statefun.kafka.runtime.envelope;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information that names our own serializer, so Flink never falls back to Kryo.
 *
 * <p>Internal.
 */
public final class SerializerTypeInfo<T> extends TypeInformation<T> {

  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final TypeSerializer<T> serializer;

  public SerializerTypeInfo(Class<T> type, TypeSerializer<T> serializer) {
    this.type = type;
    this.serializer = serializer;
  }

  public static SerializerTypeInfo<Envelope> envelopes() {
    return new SerializerTypeInfo<>(Envelope.class, new EnvelopeSerializer());
  }

  public static SerializerTypeInfo<IngressRecord> ingressRecords() {
    return new SerializerTypeInfo<>(IngressRecord.class, new IngressRecordSerializer());
  }

  public static SerializerTypeInfo<Object> messages() {
    return new SerializerTypeInfo<>(Object.class, new MessageSerializer());
  }

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<T> getTypeClass() {
    return type;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return serializer;
  }

  @Override
  public String toString() {
    return "SerializerTypeInfo<" + type.getSimpleName() + ">";
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof SerializerTypeInfo<?> other && type == other.type && serializer.equals(other.serializer);
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + serializer.hashCode();
  }

  @Override
  public boolean canEqual(Object obj) {
    return obj instanceof SerializerTypeInfo;
  }
}
