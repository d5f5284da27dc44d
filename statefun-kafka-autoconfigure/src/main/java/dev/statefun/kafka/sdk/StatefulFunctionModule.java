package dev.statefun.kafka.sdk;

import java.util.Map;

/**
 * StateFun's embedded module, unchanged for people porting StateFun code. As a Spring
 * {@code @Bean} it is configured at startup and its bindings join those of
 * {@code application.yml}.
 *
 * <pre>{@code
 * @Bean
 * StatefulFunctionModule greeterModule() {
 *   return (globalConfiguration, binder) -> {
 *     binder.bindIngress(KafkaIngressBuilder.forIdentifier(USERS)...build());
 *     binder.bindIngressRouter(USERS, (user, downstream) -> downstream.forward(GREETER, user.name(), user));
 *     binder.bindEgress(KafkaEgressBuilder.forIdentifier(GREETINGS)...build());
 *     binder.bindFunctionProvider(GREETER, type -> new Greeter());
 *   };
 * }
 * }</pre>
 */
@FunctionalInterface
public interface StatefulFunctionModule {

  /**
   * Binds this module's ingresses, routers, egresses and functions.
   *
   * @param globalConfiguration the {@code statefun.*} settings of the application, flattened
   */
  void configure(Map<String, String> globalConfiguration, Binder binder);

  /** Collects what a module binds. */
  interface Binder {
    <T> void bindIngress(IngressSpec<T> spec);

    <T> void bindIngressRouter(IngressIdentifier<T> id, Router<T> router);

    <T> void bindEgress(EgressSpec<T> spec);

    void bindFunctionProvider(FunctionType type, StatefulFunctionProvider provider);
  }
}
