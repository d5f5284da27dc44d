package dev.statefun.kafka.sdk;

/**
 * Routes each message of a plain ingress to zero or more function addresses.
 *
 * <pre>{@code
 * @Bean
 * Router<User> userRouter() {
 *   return (user, downstream) -> downstream.forward(GREETER, user.name(), user);
 * }
 * }</pre>
 *
 * <p>Name it in {@code statefun.kafka.ingresses[n].router}, or bind it in a
 * {@link StatefulFunctionModule}.
 */
@FunctionalInterface
public interface Router<T> {

  void route(T message, Downstream<T> downstream);

  /** Where a router sends messages. */
  interface Downstream<T> {
    void forward(FunctionType type, String id, T message);

    default void forward(Address to, T message) {
      forward(to.type(), to.id(), message);
    }
  }
}
