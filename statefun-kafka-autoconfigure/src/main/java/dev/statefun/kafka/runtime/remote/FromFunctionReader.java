package dev.statefun.kafka.runtime.remote;

import com.google.protobuf.CodedInputStream;
import dev.statefun.kafka.runtime.remote.FromFunction.DelayedInvocation;
import dev.statefun.kafka.runtime.remote.FromFunction.EgressMessage;
import dev.statefun.kafka.runtime.remote.FromFunction.Expiration;
import dev.statefun.kafka.runtime.remote.FromFunction.OutgoingMessage;
import dev.statefun.kafka.runtime.remote.FromFunction.PersistedValueSpec;
import dev.statefun.kafka.runtime.remote.FromFunction.StateMutation;
import dev.statefun.kafka.runtime.envelope.FunctionTypeCache;
import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.TypedValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the protobuf bytes of a {@code FromFunction} (StateFun's request-reply protocol, field
 * numbers in REMOTE.md) without generated classes. Unknown fields are skipped, as protobuf does.
 *
 * <p>Internal.
 */
public final class FromFunctionReader {

  private static final byte[] EMPTY = new byte[0];

  private final FunctionTypeCache types = new FunctionTypeCache();

  /**
   * @throws IOException if the bytes are not a {@code FromFunction}
   */
  public FromFunction read(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    List<StateMutation> mutations = new ArrayList<>(2);
    List<OutgoingMessage> outgoing = new ArrayList<>(2);
    List<DelayedInvocation> delayed = new ArrayList<>(0);
    List<EgressMessage> egresses = new ArrayList<>(2);
    List<PersistedValueSpec> missing = new ArrayList<>(0);
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag >>> 3) {
        case 100 -> {
          int limit = in.pushLimit(in.readRawVarint32());
          readInvocationResponse(in, mutations, outgoing, delayed, egresses);
          in.popLimit(limit);
        }
        case 101 -> {
          int limit = in.pushLimit(in.readRawVarint32());
          readIncompleteContext(in, missing);
          in.popLimit(limit);
        }
        default -> in.skipField(tag);
      }
    }
    return new FromFunction(mutations, outgoing, delayed, egresses, missing);
  }

  private void readInvocationResponse(CodedInputStream in, List<StateMutation> mutations,
      List<OutgoingMessage> outgoing, List<DelayedInvocation> delayed, List<EgressMessage> egresses)
      throws IOException {
    int tag;
    while ((tag = in.readTag()) != 0) {
      int field = tag >>> 3;
      if (field < 1 || field > 4) {
        in.skipField(tag);
        continue;
      }
      int limit = in.pushLimit(in.readRawVarint32());
      switch (field) {
        case 1 -> mutations.add(readMutation(in));
        case 2 -> outgoing.add(readOutgoing(in));
        case 3 -> delayed.add(readDelayed(in));
        default -> egresses.add(readEgress(in));
      }
      in.popLimit(limit);
    }
  }

  private StateMutation readMutation(CodedInputStream in) throws IOException {
    int mutationType = 0;
    String name = "";
    TypedValue value = null;
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag >>> 3) {
        case 1 -> mutationType = in.readEnum();
        case 2 -> name = in.readStringRequireUtf8();
        case 3 -> value = readTypedValueField(in);
        default -> in.skipField(tag);
      }
    }
    return new StateMutation(mutationType == 0, name, value);
  }

  private OutgoingMessage readOutgoing(CodedInputStream in) throws IOException {
    Address target = null;
    TypedValue argument = null;
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag >>> 3) {
        case 1 -> target = readAddressField(in);
        case 2 -> argument = readTypedValueField(in);
        default -> in.skipField(tag);
      }
    }
    return new OutgoingMessage(require(target, "an outgoing message's target"), orEmpty(argument));
  }

  private DelayedInvocation readDelayed(CodedInputStream in) throws IOException {
    long delay = 0;
    Address target = null;
    TypedValue argument = null;
    boolean cancellation = false;
    String token = "";
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag >>> 3) {
        case 1 -> delay = in.readInt64();
        case 2 -> target = readAddressField(in);
        case 3 -> argument = readTypedValueField(in);
        case 10 -> cancellation = in.readBool();
        case 11 -> token = in.readStringRequireUtf8();
        default -> in.skipField(tag);
      }
    }
    if (!cancellation) {
      require(target, "a delayed message's target");
    }
    return new DelayedInvocation(delay, target, orEmpty(argument), cancellation, token);
  }

  private EgressMessage readEgress(CodedInputStream in) throws IOException {
    String namespace = "";
    String type = "";
    TypedValue argument = null;
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag >>> 3) {
        case 1 -> namespace = in.readStringRequireUtf8();
        case 2 -> type = in.readStringRequireUtf8();
        case 3 -> argument = readTypedValueField(in);
        default -> in.skipField(tag);
      }
    }
    return new EgressMessage(namespace, type, orEmpty(argument));
  }

  private void readIncompleteContext(CodedInputStream in, List<PersistedValueSpec> missing) throws IOException {
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag >>> 3 != 1) {
        in.skipField(tag);
        continue;
      }
      int limit = in.pushLimit(in.readRawVarint32());
      missing.add(readValueSpec(in));
      in.popLimit(limit);
    }
  }

  private PersistedValueSpec readValueSpec(CodedInputStream in) throws IOException {
    String name = "";
    String typeName = "";
    Expiration mode = Expiration.NONE;
    long expireAfter = 0;
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag >>> 3) {
        case 1 -> name = in.readStringRequireUtf8();
        case 2 -> {
          int limit = in.pushLimit(in.readRawVarint32());
          int expirationTag;
          while ((expirationTag = in.readTag()) != 0) {
            switch (expirationTag >>> 3) {
              case 1 -> {
                int value = in.readEnum();
                if (value < 0 || value >= Expiration.values().length) {
                  throw new IOException("unknown expiration mode " + value + " of state '" + name + "'");
                }
                mode = Expiration.values()[value];
              }
              case 2 -> expireAfter = in.readInt64();
              default -> in.skipField(expirationTag);
            }
          }
          in.popLimit(limit);
        }
        case 3 -> typeName = in.readStringRequireUtf8();
        default -> in.skipField(tag);
      }
    }
    return new PersistedValueSpec(name, typeName, mode, expireAfter);
  }

  private Address readAddressField(CodedInputStream in) throws IOException {
    int limit = in.pushLimit(in.readRawVarint32());
    String namespace = "";
    String type = "";
    String id = "";
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag >>> 3) {
        case 1 -> namespace = in.readStringRequireUtf8();
        case 2 -> type = in.readStringRequireUtf8();
        case 3 -> id = in.readStringRequireUtf8();
        default -> in.skipField(tag);
      }
    }
    in.popLimit(limit);
    try {
      return new Address(types.intern(namespace, type), id);
    } catch (IllegalArgumentException e) {
      throw new IOException("invalid address '" + namespace + "/" + type + "/" + id + "': " + e.getMessage(), e);
    }
  }

  private static TypedValue readTypedValueField(CodedInputStream in) throws IOException {
    int limit = in.pushLimit(in.readRawVarint32());
    String typeName = "";
    byte[] value = EMPTY;
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag >>> 3) {
        case 1 -> typeName = in.readStringRequireUtf8();
        case 3 -> value = in.readByteArray();
        default -> in.skipField(tag);
      }
    }
    in.popLimit(limit);
    return new TypedValue(typeName, value);
  }

  private static TypedValue orEmpty(TypedValue value) {
    return value == null ? new TypedValue("", EMPTY) : value;
  }

  private static <T> T require(T value, String what) throws IOException {
    if (value == null) {
      throw new IOException(what + " is missing");
    }
    return value;
  }
}
