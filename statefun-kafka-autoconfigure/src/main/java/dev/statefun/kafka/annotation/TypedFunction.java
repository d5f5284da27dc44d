package dev.statefun.kafka.annotation;

import dev.statefun.kafka.sdk.Context;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The function of a {@link StatefulFunctionType} object: hands each message to the handler of
 * the most specific type its class is assignable to. The choice is made once per message class
 * and kept; the last one is checked first. One instance per dispatcher (not thread-safe).
 */
final class TypedFunction implements StatefulFunction {

  /** A handler: the type it takes and the lambda that calls it. */
  record HandlerMethod(Class<?> messageType, BiConsumer<Context, Object> invoker) {}

  private final FunctionType type;
  private final List<HandlerMethod> handlers;
  private final Map<Class<?>, BiConsumer<Context, Object>> chosen = new HashMap<>();
  private Class<?> lastClass;
  private BiConsumer<Context, Object> lastInvoker;

  TypedFunction(FunctionType type, List<HandlerMethod> handlers) {
    this.type = type;
    this.handlers = handlers;
  }

  @Override
  public void invoke(Context context, Object message) {
    Class<?> messageClass = message.getClass();
    BiConsumer<Context, Object> invoker = messageClass == lastClass ? lastInvoker : invokerFor(messageClass);
    invoker.accept(context, message);
  }

  private BiConsumer<Context, Object> invokerFor(Class<?> messageClass) {
    BiConsumer<Context, Object> invoker = chosen.get(messageClass);
    if (invoker == null) {
      invoker = mostSpecific(messageClass).invoker();
      chosen.put(messageClass, invoker);
    }
    lastClass = messageClass;
    lastInvoker = invoker;
    return invoker;
  }

  private HandlerMethod mostSpecific(Class<?> messageClass) {
    List<HandlerMethod> accepting = new ArrayList<>();
    for (HandlerMethod handler : handlers) {
      if (handler.messageType().isAssignableFrom(messageClass)) {
        accepting.add(handler);
      }
    }
    if (accepting.isEmpty()) {
      throw new IllegalArgumentException("Function type " + type + " has no handler for a message of type "
          + messageClass.getName() + "; its handlers take " + messageTypes(handlers));
    }
    for (HandlerMethod candidate : accepting) {
      if (accepting.stream().allMatch(other -> other.messageType().isAssignableFrom(candidate.messageType()))) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("Function type " + type + " has several handlers for a message of type "
        + messageClass.getName() + " and none is the most specific: " + messageTypes(accepting)
        + "; add a handler for " + messageClass.getSimpleName());
  }

  private static List<String> messageTypes(List<HandlerMethod> handlers) {
    return handlers.stream().map(handler -> handler.messageType().getName()).toList();
  }
}
