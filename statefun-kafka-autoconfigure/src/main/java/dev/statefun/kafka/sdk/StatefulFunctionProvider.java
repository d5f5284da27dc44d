package dev.statefun.kafka.sdk;

/**
 * Creates the function instances of one or more function types, as StateFun's embedded module
 * binds them: {@code binder.bindFunctionProvider(type, provider)}.
 */
@FunctionalInterface
public interface StatefulFunctionProvider {

  /** Returns the instance that will serve every address of the given type on a parallel instance. */
  StatefulFunction functionOfType(FunctionType type);
}
