package dev.statefun.kafka.runtime.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.FunctionType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class NetworkEnvelopeSerializerTest {

  private static final FunctionType GREETER = new FunctionType("example", "greeter");
  private static final FunctionType UNKNOWN = new FunctionType("other", "type");

  private final NetworkEnvelopeSerializer serializer =
      new NetworkEnvelopeSerializer(List.of("example/in"), List.of("users"), List.of(GREETER));

  @Test
  void aRecordRoutedByItsKeyDoesNotCarryTheIdTwiceNorTheNames() throws IOException {
    IngressRecord record = new IngressRecord("example/in", "users", 3, 1234567L, 1700000000000L,
        bytes("alice"), new byte[100], null);
    Envelope envelope = Envelope.ofRecord(new Address(GREETER, "alice"), record);

    byte[] compact = write(serializer, envelope);
    byte[] full = write(new EnvelopeSerializer(), envelope);

    assertThat(compact.length).isLessThan(full.length - 40);
    Envelope read = read(serializer, compact);
    assertThat(read.target()).isEqualTo(envelope.target());
    assertSameRecord(read.record(), record);
  }

  @Test
  void namesNotInTheTablesAndIdsThatAreNotTheKeyAreWrittenInFull() throws IOException {
    IngressRecord record = new IngressRecord("example/later", "elsewhere", 0, 0, -1L, bytes("kéy"), null,
        new Header[] {IngressRecord.header("h", "v"), IngressRecord.header("none", null)});
    for (Address target : List.of(new Address(UNKNOWN, "kéy"), new Address(GREETER, "not-the-key"))) {
      Envelope read = read(serializer, write(serializer, Envelope.ofRecord(target, record)));
      assertThat(read.target()).isEqualTo(target);
      assertSameRecord(read.record(), record);
    }
    IngressRecord keyless = new IngressRecord("example/in", "users", 1, 2, 3, null, bytes("v"), null);
    Envelope read = read(serializer, write(serializer, Envelope.ofRecord(new Address(GREETER, "x"), keyless)));
    assertThat(read.target()).isEqualTo(new Address(GREETER, "x"));
    assertSameRecord(read.record(), keyless);
  }

  @Test
  void messagesFromIngressesAndFunctions() throws IOException {
    Envelope fromIngress = Envelope.ofMessage(new Address(GREETER, "bob"), null, "java.lang.String", bytes("\"hi\""));
    Envelope fromFunction = Envelope.ofMessage(new Address(UNKNOWN, "x"), new Address(GREETER, "bob"), "t", new byte[0]);
    for (Envelope envelope : List.of(fromIngress, fromFunction)) {
      Envelope read = read(serializer, write(serializer, envelope));
      assertThat(read.isRecord()).isFalse();
      assertThat(read.target()).isEqualTo(envelope.target());
      assertThat(read.caller()).isEqualTo(envelope.caller());
      assertThat(read.messageType()).isEqualTo(envelope.messageType());
      assertThat(read.messageBytes()).isEqualTo(envelope.messageBytes());
    }
  }

  @Test
  void survivesJavaSerializationAndDuplicationAsTheJobGraphDoes() throws Exception {
    Envelope envelope = Envelope.ofRecord(new Address(GREETER, "alice"),
        new IngressRecord("example/in", "users", 0, 1, 2, bytes("alice"), bytes("v"), null));
    NetworkEnvelopeSerializer shipped = InstantiationUtil.clone(serializer);
    assertThat(shipped).isEqualTo(serializer);
    assertThat(read(shipped.duplicate(), write(serializer, envelope)).target()).isEqualTo(envelope.target());
  }

  @Test
  void itsSnapshotRestoresTheTablesAndRejectsOthers() throws IOException {
    TypeSerializerSnapshot<Envelope> snapshot = serializer.snapshotConfiguration();
    DataOutputSerializer out = new DataOutputSerializer(64);
    snapshot.writeSnapshot(out);
    NetworkEnvelopeSerializer.Snapshot restored = new NetworkEnvelopeSerializer.Snapshot();
    restored.readSnapshot(snapshot.getCurrentVersion(), new DataInputDeserializer(out.getCopyOfBuffer()),
        getClass().getClassLoader());

    assertThat(restored.restoreSerializer()).isEqualTo(serializer);
    assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(restored).isCompatibleAsIs()).isTrue();
    NetworkEnvelopeSerializer other =
        new NetworkEnvelopeSerializer(List.of("example/in"), List.of("users", "more"), List.of(GREETER));
    assertThat(other.snapshotConfiguration().resolveSchemaCompatibility(restored).isIncompatible()).isTrue();
  }

  @Test
  void variableLengthNumbersRoundTrip() throws IOException {
    for (long value : new long[] {0, 1, 127, 128, 16_383, 16_384, Integer.MAX_VALUE, Long.MAX_VALUE, -1}) {
      DataOutputSerializer out = new DataOutputSerializer(16);
      NetworkEnvelopeSerializer.writeVarLong(value, out);
      assertThat(NetworkEnvelopeSerializer.readVarLong(new DataInputDeserializer(out.getCopyOfBuffer())))
          .isEqualTo(value);
    }
  }

  private static void assertSameRecord(IngressRecord read, IngressRecord written) {
    assertThat(read.ingressId()).isEqualTo(written.ingressId());
    assertThat(read.topic()).isEqualTo(written.topic());
    assertThat(read.partition()).isEqualTo(written.partition());
    assertThat(read.offset()).isEqualTo(written.offset());
    assertThat(read.timestamp()).isEqualTo(written.timestamp());
    assertThat(read.key()).isEqualTo(written.key());
    assertThat(read.value()).isEqualTo(written.value());
    assertThat(read.headers()).hasSameSizeAs(written.headers());
    for (int i = 0; i < written.headers().length; i++) {
      assertThat(read.headers()[i].key()).isEqualTo(written.headers()[i].key());
      assertThat(read.headers()[i].value()).isEqualTo(written.headers()[i].value());
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] write(TypeSerializer<Envelope> serializer, Envelope envelope) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(envelope, out);
    return out.getCopyOfBuffer();
  }

  private static Envelope read(TypeSerializer<Envelope> serializer, byte[] bytes) throws IOException {
    DataInputDeserializer in = new DataInputDeserializer(bytes);
    Envelope envelope = serializer.deserialize(in);
    assertThat(in.available()).isZero();
    return envelope;
  }
}
