package dev.statefun.kafka.runtime.envelope;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/** Serializes {@link IngressRecord}s. Internal. */
public final class IngressRecordSerializer extends ImmutableValueSerializer<IngressRecord> {

  private static final long serialVersionUID = 1L;

  @Override
  public void serialize(IngressRecord record, DataOutputView out) throws IOException {
    StringValue.writeString(record.ingressId(), out);
    StringValue.writeString(record.topic(), out);
    out.writeInt(record.partition());
    out.writeLong(record.offset());
    out.writeLong(record.timestamp());
    writeBytes(record.key(), out);
    writeBytes(record.value(), out);
    Header[] headers = record.headers();
    out.writeInt(headers.length);
    for (Header header : headers) {
      StringValue.writeString(header.key(), out);
      writeBytes(header.value(), out);
    }
  }

  @Override
  public IngressRecord deserialize(DataInputView in) throws IOException {
    String ingressId = StringValue.readString(in);
    String topic = StringValue.readString(in);
    int partition = in.readInt();
    long offset = in.readLong();
    long timestamp = in.readLong();
    byte[] key = readBytes(in);
    byte[] value = readBytes(in);
    int headerCount = in.readInt();
    Header[] headers = headerCount == 0 ? IngressRecord.NO_HEADERS : new Header[headerCount];
    for (int i = 0; i < headerCount; i++) {
      headers[i] = new RecordHeader(StringValue.readString(in), readBytes(in));
    }
    return new IngressRecord(ingressId, topic, partition, offset, timestamp, key, value, headers);
  }

  @Override
  public TypeSerializerSnapshot<IngressRecord> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer's snapshot; the format has one version so far. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<IngressRecord> {
    public Snapshot() {
      super(IngressRecordSerializer::new);
    }
  }
}
