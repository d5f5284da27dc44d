package dev.statefun.kafka.io;

/**
 * Takes remote function endpoints; implemented by what a module file or the application's
 * configuration binds into (next to {@link dev.statefun.kafka.sdk.StatefulFunctionModule.Binder}).
 */
public interface HttpFunctionEndpointBinder {

  /**
   * Binds an endpoint. A function type bound specifically twice (by two endpoints, or an
   * endpoint and a Java function) fails, naming both places.
   */
  void bindEndpoint(HttpFunctionEndpointSpec endpoint);
}
