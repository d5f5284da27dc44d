package dev.statefun.kafka.runtime.message;

import dev.statefun.kafka.sdk.TypedValue;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes messages to bytes and back, with a type name that says how: {@code String} as UTF-8,
 * {@code byte[]} as is, {@link TypedValue} with its own type name, a protobuf {@code Message}
 * with protobuf (when protobuf-java is present), anything else as JSON with Jackson.
 *
 * <p>Internal: used for function-to-function messages, delayed messages, routable topic values,
 * JSON state and the generic egress.
 */
public final class MessageCodec {

  private static final String STRING = "@string";
  private static final String BYTES = "@bytes";
  private static final String TYPED_PREFIX = "@typed:";
  private static final String PROTOBUF_PREFIX = "@protobuf:";
  private static final String PROTOBUF_MESSAGE = "com.google.protobuf.Message";

  private static final JsonMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .findAndAddModules()
      .build();

  private final ClassLoader classLoader;
  private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();
  private final Map<Class<?>, Method> protobufParsers = new ConcurrentHashMap<>();

  private final Class<?> protobufMessage;

  public MessageCodec(ClassLoader classLoader) {
    this.classLoader = classLoader;
    this.protobufMessage = findClass(PROTOBUF_MESSAGE);
  }

  /** The shared JSON mapper. */
  public static JsonMapper json() {
    return JSON;
  }

  /** The type name {@link #decode} needs to read {@code message} back. */
  public String typeNameOf(Object message) {
    if (message instanceof String) {
      return STRING;
    }
    if (message instanceof byte[]) {
      return BYTES;
    }
    if (message instanceof TypedValue typed) {
      return TYPED_PREFIX + typed.typeName();
    }
    if (isProtobuf(message.getClass())) {
      return PROTOBUF_PREFIX + message.getClass().getName();
    }
    return message.getClass().getName();
  }

  public byte[] encode(Object message) {
    if (message instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    if (message instanceof byte[] bytes) {
      return bytes;
    }
    if (message instanceof TypedValue typed) {
      return typed.value();
    }
    if (isProtobuf(message.getClass())) {
      return ProtobufBytes.of(message);
    }
    return JSON.writeValueAsBytes(message);
  }

  public Object decode(String typeName, byte[] bytes) {
    if (STRING.equals(typeName)) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (BYTES.equals(typeName)) {
      return bytes;
    }
    if (typeName.startsWith(TYPED_PREFIX)) {
      return new TypedValue(typeName.substring(TYPED_PREFIX.length()), bytes);
    }
    if (typeName.startsWith(PROTOBUF_PREFIX)) {
      return parseProtobuf(classFor(typeName.substring(PROTOBUF_PREFIX.length())), bytes);
    }
    return JSON.readValue(bytes, classFor(typeName));
  }

  /** Reads a value of a known class: JSON, protobuf, String or bytes as the class calls for. */
  @SuppressWarnings("unchecked")
  public <T> T decodeAs(Class<T> type, byte[] bytes) {
    if (type == String.class) {
      return (T) new String(bytes, StandardCharsets.UTF_8);
    }
    if (type == byte[].class) {
      return (T) bytes;
    }
    if (isProtobuf(type)) {
      return (T) parseProtobuf(type, bytes);
    }
    return JSON.readValue(bytes, type);
  }

  /** The class of that name, or {@code null} when it is not on the classpath. */
  public Class<?> findClass(String name) {
    try {
      return classFor(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public boolean isProtobuf(Class<?> type) {
    return protobufMessage != null && protobufMessage.isAssignableFrom(type);
  }

  private Class<?> classFor(String name) {
    return classes.computeIfAbsent(name, n -> {
      try {
        return Class.forName(n, false, classLoader);
      } catch (ClassNotFoundException e) {
        throw new IllegalArgumentException("Unknown message type " + n + ": the class is not on the classpath", e);
      }
    });
  }

  private Object parseProtobuf(Class<?> type, byte[] bytes) {
    Method parser = protobufParsers.computeIfAbsent(type, t -> {
      try {
        return t.getMethod("parseFrom", byte[].class);
      } catch (NoSuchMethodException e) {
        throw new IllegalArgumentException("Protobuf type " + t.getName() + " has no parseFrom(byte[])", e);
      }
    });
    try {
      return parser.invoke(null, (Object) bytes);
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalArgumentException("Cannot parse " + type.getName() + ": " + cause.getMessage(), cause);
    }
  }

  /** Calls {@code toByteArray()} without a compile-time dependency on protobuf. */
  private static final class ProtobufBytes {
    private static final Map<Class<?>, Method> WRITERS = new ConcurrentHashMap<>();

    static byte[] of(Object message) {
      Method writer = WRITERS.computeIfAbsent(message.getClass(), t -> {
        try {
          return t.getMethod("toByteArray");
        } catch (NoSuchMethodException e) {
          throw new IllegalArgumentException(e);
        }
      });
      try {
        return (byte[]) writer.invoke(message);
      } catch (ReflectiveOperationException e) {
        throw new IllegalArgumentException("Cannot write protobuf message " + message.getClass().getName(), e);
      }
    }
  }
}
