package dev.statefun.kafka.runtime.remote;

import com.google.protobuf.CodedOutputStream;
import dev.statefun.kafka.runtime.envelope.Envelope;
import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.TypedValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes the protobuf bytes of a {@code ToFunction} carrying an {@code InvocationBatchRequest}
 * (StateFun's request-reply protocol, field numbers in REMOTE.md) without generated classes:
 * sizes first, then one array of exactly that length.
 *
 * <p>Internal.
 */
public final class ToFunctionWriter {

  private ToFunctionWriter() {}

  /** A state sent with a request: its name and value, or {@code null} for no value yet. */
  public record PersistedValue(String name, TypedValue value) {}

  /**
   * @param invocations messages for {@code target}: each envelope's caller (or none), message
   *     type (the type name) and bytes
   */
  public static byte[] invocationBatch(Address target, List<PersistedValue> states, List<Envelope> invocations) {
    int batchSize = batchSize(target, states, invocations);
    byte[] bytes = new byte[messageFieldSize(100, batchSize)];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      writeMessageHeader(out, 100, batchSize);
      writeAddress(out, 1, target);
      for (PersistedValue state : states) {
        writeMessageHeader(out, 2, persistedValueSize(state));
        out.writeString(1, state.name());
        if (state.value() != null) {
          writeTypedValue(out, 2, state.value().typeName(), state.value().value());
        }
      }
      for (Envelope invocation : invocations) {
        writeMessageHeader(out, 3, invocationSize(invocation));
        if (invocation.caller() != null) {
          writeAddress(out, 1, invocation.caller());
        }
        writeTypedValue(out, 2, invocation.messageType(), invocation.messageBytes());
      }
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the request to " + target, e);
    }
    return bytes;
  }

  private static int batchSize(Address target, List<PersistedValue> states, List<Envelope> invocations) {
    int size = messageFieldSize(1, addressSize(target));
    for (PersistedValue state : states) {
      size += messageFieldSize(2, persistedValueSize(state));
    }
    for (Envelope invocation : invocations) {
      size += messageFieldSize(3, invocationSize(invocation));
    }
    return size;
  }

  private static int persistedValueSize(PersistedValue state) {
    int size = CodedOutputStream.computeStringSize(1, state.name());
    if (state.value() != null) {
      size += messageFieldSize(2, typedValueSize(state.value().typeName(), state.value().value()));
    }
    return size;
  }

  private static int invocationSize(Envelope invocation) {
    int size = messageFieldSize(2, typedValueSize(invocation.messageType(), invocation.messageBytes()));
    if (invocation.caller() != null) {
      size += messageFieldSize(1, addressSize(invocation.caller()));
    }
    return size;
  }

  private static int addressSize(Address address) {
    return CodedOutputStream.computeStringSize(1, address.type().namespace())
        + CodedOutputStream.computeStringSize(2, address.type().name())
        + CodedOutputStream.computeStringSize(3, address.id());
  }

  private static int typedValueSize(String typeName, byte[] value) {
    return CodedOutputStream.computeStringSize(1, typeName)
        + CodedOutputStream.computeBoolSize(2, true)
        + CodedOutputStream.computeByteArraySize(3, value);
  }

  private static int messageFieldSize(int field, int size) {
    return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
  }

  private static void writeMessageHeader(CodedOutputStream out, int field, int size) throws IOException {
    out.writeTag(field, 2);
    out.writeUInt32NoTag(size);
  }

  private static void writeAddress(CodedOutputStream out, int field, Address address) throws IOException {
    writeMessageHeader(out, field, addressSize(address));
    out.writeString(1, address.type().namespace());
    out.writeString(2, address.type().name());
    out.writeString(3, address.id());
  }

  private static void writeTypedValue(CodedOutputStream out, int field, String typeName, byte[] value)
      throws IOException {
    writeMessageHeader(out, field, typedValueSize(typeName, value));
    out.writeString(1, typeName);
    out.writeBool(2, true);
    out.writeByteArray(3, value);
  }
}
