package dev.statefun.kafka.runtime.dispatcher;

import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.BooleanSerializer;
import org.apache.flink.api.common.typeutils.base.DoubleSerializer;
import org.apache.flink.api.common.typeutils.base.IntSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;

/** Picks the Flink serializer of a value spec's type: Flink's own for basic types, JSON otherwise. Internal. */
final class StateSerializers {

  private static final Map<Class<?>, TypeSerializer<?>> BUILT_IN = Map.of(
      Integer.class, IntSerializer.INSTANCE,
      Long.class, LongSerializer.INSTANCE,
      Double.class, DoubleSerializer.INSTANCE,
      Boolean.class, BooleanSerializer.INSTANCE,
      String.class, StringSerializer.INSTANCE,
      byte[].class, BytePrimitiveArraySerializer.INSTANCE);

  private StateSerializers() {}

  @SuppressWarnings("unchecked")
  static <T> TypeSerializer<T> forType(Class<T> type) {
    TypeSerializer<?> builtIn = BUILT_IN.get(type);
    return builtIn != null ? (TypeSerializer<T>) builtIn : new JsonStateSerializer<>(type);
  }
}
