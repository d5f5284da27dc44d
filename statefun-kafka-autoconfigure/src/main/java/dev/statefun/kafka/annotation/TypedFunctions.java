package dev.statefun.kafka.annotation;

import dev.statefun.kafka.sdk.Context;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import dev.statefun.kafka.sdk.ValueSpec;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Turns an object of a {@link StatefulFunctionType} class into a {@link StatefulFunctionSpec}:
 * the type from the annotation, the declared state from its static {@link ValueSpec} fields, and
 * a function that hands each message to the most specific {@link Handler}. Everything is checked
 * and resolved here, once: each handler becomes a generated lambda, so no reflection runs per
 * message. Plain Java: the starter and {@code FunctionTestHarness} both use it.
 *
 * <p>Internal.
 */
public final class TypedFunctions {

  private TypedFunctions() {}

  /** Whether the object's class (or a superclass, e.g. of a proxy) is a {@link StatefulFunctionType}. */
  public static boolean isTypedFunction(Object function) {
    return annotatedClass(function.getClass()) != null;
  }

  /**
   * The spec of a typed function object; fails with a {@link StatefunConfigurationException}
   * naming the class and the methods when a handler or the type is not usable.
   */
  public static StatefulFunctionSpec specOf(Object function) {
    Class<?> annotated = annotatedClass(function.getClass());
    if (annotated == null) {
      throw new IllegalArgumentException(function.getClass().getName() + " is not annotated @StatefulFunctionType");
    }
    String location = "@StatefulFunctionType class " + annotated.getName();
    FunctionType type = parseType(location, annotated.getAnnotation(StatefulFunctionType.class).value());
    List<TypedFunction.HandlerMethod> handlers = handlers(location, function);
    StatefulFunctionSpec.Builder spec = StatefulFunctionSpec.builder(type);
    try {
      declaredState(location, function.getClass()).forEach(spec::withValueSpec);
    } catch (IllegalArgumentException e) {
      throw new StatefunConfigurationException(location, e.getMessage(), "Give each static ValueSpec its own name");
    }
    return spec.withSupplier(() -> new TypedFunction(type, handlers)).build();
  }

  private static Class<?> annotatedClass(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      if (c.isAnnotationPresent(StatefulFunctionType.class)) {
        return c;
      }
    }
    return null;
  }

  private static FunctionType parseType(String location, String value) {
    try {
      return FunctionType.parse(value);
    } catch (RuntimeException e) {
      throw new StatefunConfigurationException(location, "invalid function type '" + value + "': " + e.getMessage(),
          "Write it as namespace/name, e.g. @StatefulFunctionType(\"example/greeter\")");
    }
  }

  private static List<TypedFunction.HandlerMethod> handlers(String location, Object function) {
    Map<Class<?>, Method> byMessageType = new LinkedHashMap<>();
    Set<String> overridden = new HashSet<>();
    for (Class<?> c = function.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method method : c.getDeclaredMethods()) {
        if (!method.isAnnotationPresent(Handler.class) || method.isBridge() || method.isSynthetic()
            || !overridden.add(method.getName() + List.of(method.getParameterTypes()))) {
          continue;
        }
        checkSignature(location, method);
        Method other = byMessageType.putIfAbsent(method.getParameterTypes()[1], method);
        if (other != null) {
          throw new StatefunConfigurationException(location, "the handlers " + describe(other) + " and "
              + describe(method) + " both take " + method.getParameterTypes()[1].getName(),
              "Keep one handler per message type");
        }
      }
    }
    if (byMessageType.isEmpty()) {
      throw new StatefunConfigurationException(location, "it has no @Handler method",
          "Add a method 'void handle(Context context, T message)' annotated @Handler");
    }
    List<TypedFunction.HandlerMethod> handlers = new ArrayList<>();
    byMessageType.forEach((messageType, method) ->
        handlers.add(new TypedFunction.HandlerMethod(messageType, invoker(location, method, function))));
    return List.copyOf(handlers);
  }

  private static void checkSignature(String location, Method method) {
    Class<?>[] parameters = method.getParameterTypes();
    boolean valid = parameters.length == 2 && parameters[0] == Context.class && !parameters[1].isPrimitive()
        && method.getReturnType() == void.class && !Modifier.isStatic(method.getModifiers());
    if (!valid) {
      throw new StatefunConfigurationException(location, "the method " + describe(method)
          + " is annotated @Handler, but a handler is an instance method 'void name(Context context, T message)'"
          + " with T a class or interface", "Change its signature or remove @Handler");
    }
  }

  /** A lambda calling the handler on the function object: as fast as a direct call once inlined. */
  @SuppressWarnings("unchecked")
  private static BiConsumer<Context, Object> invoker(String location, Method method, Object function) {
    Class<?> declaring = method.getDeclaringClass();
    try {
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(declaring, MethodHandles.lookup());
      MethodHandle target = lookup.unreflect(method);
      MethodHandle factory = LambdaMetafactory.metafactory(lookup, "accept",
          MethodType.methodType(BiConsumer.class, declaring),
          MethodType.methodType(void.class, Object.class, Object.class),
          target,
          MethodType.methodType(void.class, Context.class, method.getParameterTypes()[1])).getTarget();
      return (BiConsumer<Context, Object>) factory.invoke(function);
    } catch (Throwable e) {
      throw new StatefunConfigurationException(location, "cannot call the handler " + describe(method) + ": " + e,
          "Make the class's package open to the starter (it is when the class is on the class path)");
    }
  }

  private static List<ValueSpec<?>> declaredState(String location, Class<?> type) {
    List<ValueSpec<?>> specs = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) && ValueSpec.class.isAssignableFrom(field.getType())) {
          specs.add(valueOf(location, field));
        }
      }
    }
    return specs;
  }

  private static ValueSpec<?> valueOf(String location, Field field) {
    Object value;
    try {
      field.setAccessible(true);
      value = field.get(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new StatefunConfigurationException(location, "cannot read the state field " + field.getName() + ": " + e);
    }
    if (value == null) {
      throw new StatefunConfigurationException(location, "the state field " + field.getName() + " is null",
          "Initialize it, e.g. static final ValueSpec<Integer> SEEN = ValueSpec.named(\"seen\").withIntType()");
    }
    return (ValueSpec<?>) value;
  }

  static String describe(Method method) {
    StringBuilder text = new StringBuilder(method.getName()).append('(');
    Class<?>[] parameters = method.getParameterTypes();
    for (int i = 0; i < parameters.length; i++) {
      text.append(i == 0 ? "" : ", ").append(parameters[i].getSimpleName());
    }
    return text.append(')').toString();
  }
}
