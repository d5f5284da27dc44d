package dev.statefun.kafka.runtime.envelope;

import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.FunctionType;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Serializes {@link Envelope}s: target, optional caller, then the record or the message.
 * Function types are interned per serializer instance, so a stream of envelopes for a few
 * types allocates no new {@link FunctionType}s.
 *
 * <p>Internal.
 */
public final class EnvelopeSerializer extends ImmutableValueSerializer<Envelope> {

  private static final long serialVersionUID = 1L;
  private static final byte RECORD = 1;
  private static final byte MESSAGE_FROM_INGRESS = 2;
  private static final byte MESSAGE_FROM_FUNCTION = 3;

  private final IngressRecordSerializer records = new IngressRecordSerializer();
  private transient FunctionTypeCache types;

  @Override
  public void serialize(Envelope envelope, DataOutputView out) throws IOException {
    writeAddress(envelope.target(), out);
    if (envelope.isRecord()) {
      out.writeByte(RECORD);
      records.serialize(envelope.record(), out);
      return;
    }
    if (envelope.caller() == null) {
      out.writeByte(MESSAGE_FROM_INGRESS);
    } else {
      out.writeByte(MESSAGE_FROM_FUNCTION);
      writeAddress(envelope.caller(), out);
    }
    StringValue.writeString(envelope.messageType(), out);
    writeBytes(envelope.messageBytes(), out);
  }

  @Override
  public Envelope deserialize(DataInputView in) throws IOException {
    Address target = readAddress(in);
    byte kind = in.readByte();
    if (kind == RECORD) {
      return Envelope.ofRecord(target, records.deserialize(in));
    }
    Address caller = kind == MESSAGE_FROM_FUNCTION ? readAddress(in) : null;
    String messageType = StringValue.readString(in);
    return Envelope.ofMessage(target, caller, messageType, readBytes(in));
  }

  private static void writeAddress(Address address, DataOutputView out) throws IOException {
    StringValue.writeString(address.type().namespace(), out);
    StringValue.writeString(address.type().name(), out);
    StringValue.writeString(address.id(), out);
  }

  private Address readAddress(DataInputView in) throws IOException {
    if (types == null) {
      types = new FunctionTypeCache();
    }
    FunctionType type = types.intern(StringValue.readString(in), StringValue.readString(in));
    return new Address(type, StringValue.readString(in));
  }

  @Override
  public EnvelopeSerializer duplicate() {
    return new EnvelopeSerializer();
  }

  @Override
  public TypeSerializerSnapshot<Envelope> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer's snapshot; the format has one version so far. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<Envelope> {
    public Snapshot() {
      super(EnvelopeSerializer::new);
    }
  }
}
