package dev.statefun.kafka.runtime.envelope;

import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.FunctionType;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The compact form of {@link Envelope}s for the network edge into the dispatcher (the
 * {@code keyBy}), built with the job graph: ingress ids, topics and function types known then
 * are written as small table indexes instead of strings (anything else is written in full), and
 * for a record routed by its key the target id is not written at all, it is the record key.
 * Numbers are variable-length.
 *
 * <p>Only for data in flight between operators of one running job: the tables belong to this
 * job graph, so bytes written by it mean nothing to a changed application. That is safe because
 * records in flight are never persisted: checkpoints are aligned (the job never enables
 * unaligned checkpoints, which would store in-flight buffers). What is persisted, delayed
 * messages in keyed state and the feedback loop's log of messages in flight, keeps the self-describing
 * {@link EnvelopeSerializer}. Its snapshot carries the tables, so a restore with other tables is
 * reported as incompatible instead of misread.
 *
 * <p>Internal.
 */
public final class NetworkEnvelopeSerializer extends ImmutableValueSerializer<Envelope> {

  private static final long serialVersionUID = 1L;

  private static final byte RECORD_BY_KEY = 1;
  private static final byte RECORD = 2;
  private static final byte MESSAGE_FROM_INGRESS = 3;
  private static final byte MESSAGE_FROM_FUNCTION = 4;
  private static final int NOT_IN_TABLE = 0;

  private final String[] ingressIds;
  private final String[] topics;
  /** Function types as {@code namespace/name}. */
  private final String[] functionTypes;

  private transient TableIndex<String> ingressIndex;
  private transient TableIndex<String> topicIndex;
  private transient TableIndex<FunctionType> typeIndex;
  private transient FunctionType[] typeTable;
  private transient FunctionTypeCache otherTypes;

  public NetworkEnvelopeSerializer(List<String> ingressIds, List<String> topics, List<FunctionType> functionTypes) {
    this(ingressIds.toArray(String[]::new), topics.toArray(String[]::new),
        functionTypes.stream().map(FunctionType::toString).toArray(String[]::new));
  }

  private NetworkEnvelopeSerializer(String[] ingressIds, String[] topics, String[] functionTypes) {
    this.ingressIds = ingressIds;
    this.topics = topics;
    this.functionTypes = functionTypes;
    buildIndexes();
  }

  private void buildIndexes() {
    ingressIndex = new TableIndex<>(ingressIds);
    topicIndex = new TableIndex<>(topics);
    typeTable = new FunctionType[functionTypes.length];
    for (int i = 0; i < functionTypes.length; i++) {
      typeTable[i] = FunctionType.parse(functionTypes[i]);
    }
    typeIndex = new TableIndex<>(typeTable);
    otherTypes = new FunctionTypeCache();
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    buildIndexes();
  }

  @Override
  public void serialize(Envelope envelope, DataOutputView out) throws IOException {
    Address target = envelope.target();
    if (envelope.isRecord()) {
      IngressRecord record = envelope.record();
      if (isKeyText(target.id(), record.key())) {
        out.writeByte(RECORD_BY_KEY);
        writeType(target.type(), out);
      } else {
        out.writeByte(RECORD);
        writeAddress(target, out);
      }
      writeRecord(record, out);
      return;
    }
    if (envelope.caller() == null) {
      out.writeByte(MESSAGE_FROM_INGRESS);
      writeAddress(target, out);
    } else {
      out.writeByte(MESSAGE_FROM_FUNCTION);
      writeAddress(target, out);
      writeAddress(envelope.caller(), out);
    }
    StringValue.writeString(envelope.messageType(), out);
    writeBytes(envelope.messageBytes(), out);
  }

  @Override
  public Envelope deserialize(DataInputView in) throws IOException {
    byte kind = in.readByte();
    switch (kind) {
      case RECORD_BY_KEY -> {
        FunctionType type = readType(in);
        IngressRecord record = readRecord(in);
        return Envelope.ofRecord(new Address(type, new String(record.key(), StandardCharsets.UTF_8)), record);
      }
      case RECORD -> {
        Address target = readAddress(in);
        return Envelope.ofRecord(target, readRecord(in));
      }
      case MESSAGE_FROM_INGRESS, MESSAGE_FROM_FUNCTION -> {
        Address target = readAddress(in);
        Address caller = kind == MESSAGE_FROM_FUNCTION ? readAddress(in) : null;
        String messageType = StringValue.readString(in);
        return Envelope.ofMessage(target, caller, messageType, readBytes(in));
      }
      default -> throw new IOException("Corrupt envelope: unknown kind " + kind);
    }
  }

  /** Whether the id is the key as UTF-8; checked without allocating for ASCII, the usual case. */
  static boolean isKeyText(String id, byte[] key) {
    if (key == null || key.length != id.length()) {
      return false;
    }
    for (int i = 0; i < key.length; i++) {
      byte b = key[i];
      if (b < 0 || id.charAt(i) != b) {
        return false;
      }
    }
    return true;
  }

  private void writeRecord(IngressRecord record, DataOutputView out) throws IOException {
    writeName(record.ingressId(), ingressIndex, out);
    writeName(record.topic(), topicIndex, out);
    writeVarLong(record.partition(), out);
    writeVarLong(record.offset(), out);
    out.writeLong(record.timestamp());
    writeVarBytes(record.key(), out);
    writeVarBytes(record.value(), out);
    Header[] headers = record.headers();
    writeVarLong(headers.length, out);
    for (Header header : headers) {
      StringValue.writeString(header.key(), out);
      writeVarBytes(header.value(), out);
    }
  }

  private IngressRecord readRecord(DataInputView in) throws IOException {
    String ingressId = readName(ingressIds, in);
    String topic = readName(topics, in);
    int partition = (int) readVarLong(in);
    long offset = readVarLong(in);
    long timestamp = in.readLong();
    byte[] key = readVarBytes(in);
    byte[] value = readVarBytes(in);
    int headerCount = (int) readVarLong(in);
    Header[] headers = headerCount == 0 ? IngressRecord.NO_HEADERS : new Header[headerCount];
    for (int i = 0; i < headerCount; i++) {
      headers[i] = new RecordHeader(StringValue.readString(in), readVarBytes(in));
    }
    return new IngressRecord(ingressId, topic, partition, offset, timestamp, key, value, headers);
  }

  private static void writeName(String name, TableIndex<String> index, DataOutputView out) throws IOException {
    int position = index.positionOf(name);
    if (position == NOT_IN_TABLE) {
      writeVarLong(NOT_IN_TABLE, out);
      StringValue.writeString(name, out);
    } else {
      writeVarLong(position, out);
    }
  }

  private static String readName(String[] table, DataInputView in) throws IOException {
    int position = (int) readVarLong(in);
    return position == NOT_IN_TABLE ? StringValue.readString(in) : table[position - 1];
  }

  private void writeAddress(Address address, DataOutputView out) throws IOException {
    writeType(address.type(), out);
    StringValue.writeString(address.id(), out);
  }

  private Address readAddress(DataInputView in) throws IOException {
    FunctionType type = readType(in);
    return new Address(type, StringValue.readString(in));
  }

  private void writeType(FunctionType type, DataOutputView out) throws IOException {
    int position = typeIndex.positionOf(type);
    if (position == NOT_IN_TABLE) {
      writeVarLong(NOT_IN_TABLE, out);
      StringValue.writeString(type.namespace(), out);
      StringValue.writeString(type.name(), out);
    } else {
      writeVarLong(position, out);
    }
  }

  private FunctionType readType(DataInputView in) throws IOException {
    int position = (int) readVarLong(in);
    if (position != NOT_IN_TABLE) {
      return typeTable[position - 1];
    }
    return otherTypes.intern(StringValue.readString(in), StringValue.readString(in));
  }

  private static void writeVarBytes(byte[] bytes, DataOutputView out) throws IOException {
    if (bytes == null) {
      writeVarLong(0, out);
    } else {
      writeVarLong(bytes.length + 1L, out);
      out.write(bytes);
    }
  }

  private static byte[] readVarBytes(DataInputView in) throws IOException {
    long lengthPlusOne = readVarLong(in);
    if (lengthPlusOne == 0) {
      return null;
    }
    byte[] bytes = new byte[(int) (lengthPlusOne - 1)];
    in.readFully(bytes);
    return bytes;
  }

  /** Unsigned LEB128: 7 bits a byte. Negative values (never written here) would take 10 bytes. */
  static void writeVarLong(long value, DataOutputView out) throws IOException {
    while ((value & ~0x7FL) != 0) {
      out.writeByte((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.writeByte((int) value);
  }

  static long readVarLong(DataInputView in) throws IOException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.readByte();
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new IOException("Corrupt envelope: variable-length number too long");
  }

  @Override
  public NetworkEnvelopeSerializer duplicate() {
    // the type cache is not thread-safe
    return new NetworkEnvelopeSerializer(ingressIds, topics, functionTypes);
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof NetworkEnvelopeSerializer other
        && Arrays.equals(ingressIds, other.ingressIds)
        && Arrays.equals(topics, other.topics)
        && Arrays.equals(functionTypes, other.functionTypes);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(ingressIds) + Arrays.hashCode(topics)) + Arrays.hashCode(functionTypes);
  }

  @Override
  public TypeSerializerSnapshot<Envelope> snapshotConfiguration() {
    return new Snapshot(this);
  }

  /**
   * Positions (from 1) of a table's entries. Records of one stream mostly repeat the entry of
   * the record before (same ingress, topic, function type, usually the same object), so the
   * last answer is kept and checked by identity first.
   */
  private static final class TableIndex<K> {
    private final Map<K, Integer> positions = new HashMap<>();
    private K last;
    private int lastPosition;

    TableIndex(K[] table) {
      for (int i = 0; i < table.length; i++) {
        positions.put(table[i], i + 1);
      }
    }

    /** The entry's position, or {@link #NOT_IN_TABLE}. */
    int positionOf(K entry) {
      if (entry == last) {
        return lastPosition;
      }
      Integer position = positions.get(entry);
      if (position == null) {
        return NOT_IN_TABLE;
      }
      last = entry;
      lastPosition = position;
      return position;
    }
  }

  /** The serializer's snapshot: its tables. Other tables make it incompatible. */
  public static final class Snapshot implements TypeSerializerSnapshot<Envelope> {

    private static final int VERSION = 1;
    private NetworkEnvelopeSerializer serializer;

    /** For Flink's reflective restore. */
    public Snapshot() {}

    Snapshot(NetworkEnvelopeSerializer serializer) {
      this.serializer = serializer;
    }

    @Override
    public int getCurrentVersion() {
      return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      writeTable(serializer.ingressIds, out);
      writeTable(serializer.topics, out);
      writeTable(serializer.functionTypes, out);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
      if (readVersion != VERSION) {
        throw new IOException("Unknown version " + readVersion + " of the network envelope serializer");
      }
      serializer = new NetworkEnvelopeSerializer(readTable(in), readTable(in), readTable(in));
    }

    private static void writeTable(String[] table, DataOutputView out) throws IOException {
      out.writeInt(table.length);
      for (String entry : table) {
        StringValue.writeString(entry, out);
      }
    }

    private static String[] readTable(DataInputView in) throws IOException {
      String[] table = new String[in.readInt()];
      for (int i = 0; i < table.length; i++) {
        table[i] = StringValue.readString(in);
      }
      return table;
    }

    @Override
    public TypeSerializer<Envelope> restoreSerializer() {
      return serializer;
    }

    @Override
    public TypeSerializerSchemaCompatibility<Envelope> resolveSchemaCompatibility(
        TypeSerializerSnapshot<Envelope> oldSnapshot) {
      return oldSnapshot instanceof Snapshot old && serializer.equals(old.serializer)
          ? TypeSerializerSchemaCompatibility.compatibleAsIs()
          : TypeSerializerSchemaCompatibility.incompatible();
    }
  }
}
