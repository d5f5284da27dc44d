package dev.statefun.kafka.runtime.remote;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import dev.statefun.kafka.io.KafkaProducerRecord;
import dev.statefun.kafka.runtime.message.MessageCodec;
import dev.statefun.kafka.sdk.TypedValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What a Java message becomes for a remote function, and the SDKs' Kafka egress record read
 * back. A {@link TypedValue} goes as it is; {@code String}, {@code Integer}, {@code Long},
 * {@code Boolean}, {@code Float} and {@code Double} as StateFun's built-in types
 * ({@code io.statefun.types/string} ...), so an SDK reads them with {@code Types.stringType()};
 * a protobuf message as {@code type.googleapis.com/<full name>}; anything else as JSON named
 * {@code <package>/<SimpleName>} (e.g. {@code com.example/User}).
 *
 * <p>Internal.
 */
public final class RemoteValues {

  /** The type name of the SDKs' Kafka egress record. */
  public static final String KAFKA_PRODUCER_RECORD_TYPE =
      "type.googleapis.com/io.statefun.sdk.egress.KafkaProducerRecord";

  private static final String BUILT_IN = "io.statefun.types/";

  private RemoteValues() {}

  public static TypedValue toTypedValue(Object message, MessageCodec codec) {
    try {
      if (message instanceof TypedValue typed) {
        return typed;
      }
      if (message instanceof String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[CodedOutputStream.computeByteArraySize(1, utf8)];
        CodedOutputStream.newInstance(bytes).writeByteArray(1, utf8);
        return new TypedValue(BUILT_IN + "string", bytes);
      }
      if (message instanceof Integer value) {
        return builtIn("int", CodedOutputStream.computeSFixed32Size(1, value), out -> out.writeSFixed32(1, value));
      }
      if (message instanceof Long value) {
        return builtIn("long", CodedOutputStream.computeSFixed64Size(1, value), out -> out.writeSFixed64(1, value));
      }
      if (message instanceof Boolean value) {
        return builtIn("bool", CodedOutputStream.computeBoolSize(1, value), out -> out.writeBool(1, value));
      }
      if (message instanceof Float value) {
        return builtIn("float", CodedOutputStream.computeFloatSize(1, value), out -> out.writeFloat(1, value));
      }
      if (message instanceof Double value) {
        return builtIn("double", CodedOutputStream.computeDoubleSize(1, value), out -> out.writeDouble(1, value));
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write " + message.getClass().getName() + " for a remote function", e);
    }
    if (message instanceof Message protobuf) {
      return new TypedValue("type.googleapis.com/" + protobuf.getDescriptorForType().getFullName(),
          protobuf.toByteArray());
    }
    Class<?> type = message.getClass();
    String name = type.getPackageName().isEmpty() ? "java/" + type.getSimpleName()
        : type.getPackageName() + "/" + type.getSimpleName();
    return new TypedValue(name, codec.encode(message));
  }

  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  private static TypedValue builtIn(String name, int size, Writer writer) throws IOException {
    byte[] bytes = new byte[size];
    writer.write(CodedOutputStream.newInstance(bytes));
    return new TypedValue(BUILT_IN + name, bytes);
  }

  /**
   * Reads the SDKs' {@code KafkaProducerRecord{key=1, value_bytes=2, topic=3}}; an empty key is no key.
   *
   * @throws IOException if the bytes are not such a record
   */
  public static KafkaProducerRecord kafkaProducerRecord(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    String key = "";
    byte[] value = new byte[0];
    String topic = "";
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag >>> 3) {
        case 1 -> key = in.readStringRequireUtf8();
        case 2 -> value = in.readByteArray();
        case 3 -> topic = in.readStringRequireUtf8();
        default -> in.skipField(tag);
      }
    }
    if (topic.isEmpty()) {
      throw new IOException("the Kafka egress record names no topic");
    }
    return new KafkaProducerRecord(topic, key.isEmpty() ? null : key, value);
  }
}
