package dev.statefun.kafka.runtime.universe;

import dev.statefun.kafka.io.HttpFunctionEndpointBinder;
import dev.statefun.kafka.io.HttpFunctionEndpointSpec;
import dev.statefun.kafka.io.KafkaEgressSpec;
import dev.statefun.kafka.io.KafkaIngressSpec;
import dev.statefun.kafka.runtime.KafkaClientSettings;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.EgressSpec;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.IngressIdentifier;
import dev.statefun.kafka.sdk.IngressSpec;
import dev.statefun.kafka.sdk.Router;
import dev.statefun.kafka.sdk.StatefulFunctionModule;
import dev.statefun.kafka.sdk.StatefulFunctionProvider;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import dev.statefun.kafka.sdk.ValueSpec;
import java.util.Collection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an application binds: ingresses, their routers, egresses, and functions with their
 * declared state. Built once per application (from {@code application.yml}, module YAML, beans
 * and {@link StatefulFunctionModule}s), then read by the job graph and by the operators, which
 * reach it through a {@link UniverseHandle}.
 *
 * <p>Each binding remembers where it came from, so a duplicate names both places.
 *
 * <p>A function type is bound by a Java function (spec or provider), by an endpoint that names
 * it, or by an endpoint of its namespace ({@code namespace/*}); the first two are specific and
 * exclude each other, and either wins over a namespace endpoint.
 */
public final class StatefulFunctionsUniverse implements StatefulFunctionModule.Binder, HttpFunctionEndpointBinder {

  private final Map<IngressIdentifier<?>, Bound<KafkaIngressSpec<?>>> ingresses = new LinkedHashMap<>();
  private final Map<IngressIdentifier<?>, Bound<Router<?>>> routers = new LinkedHashMap<>();
  private final Map<EgressIdentifier<?>, Bound<KafkaEgressSpec<?>>> egresses = new LinkedHashMap<>();
  private final Map<FunctionType, Bound<StatefulFunctionProvider>> functions = new LinkedHashMap<>();
  private final Map<FunctionType, List<ValueSpec<?>>> declaredState = new LinkedHashMap<>();
  private final Map<FunctionType, Bound<HttpFunctionEndpointSpec>> typeEndpoints = new LinkedHashMap<>();
  private final Map<String, Bound<HttpFunctionEndpointSpec>> namespaceEndpoints = new LinkedHashMap<>();
  private String origin = "a StatefulFunctionModule";
  private KafkaClientSettings kafkaClientSettings = KafkaClientSettings.none();

  /** Kafka client settings every client of the application gets beneath its own (security, SSL, timeouts). */
  public void useKafkaClientSettings(KafkaClientSettings settings) {
    this.kafkaClientSettings = settings;
  }

  public KafkaClientSettings kafkaClientSettings() {
    return kafkaClientSettings;
  }

  /** Where the next bindings come from, e.g. {@code statefun.kafka.ingresses[0]}; named in duplicate errors. */
  public StatefulFunctionsUniverse from(String origin) {
    this.origin = origin;
    return this;
  }

  @Override
  public <T> void bindIngress(IngressSpec<T> spec) {
    if (!(spec instanceof KafkaIngressSpec<T> kafka)) {
      throw new StatefunConfigurationException(origin,
          "unsupported ingress spec " + spec.getClass().getName() + " for " + spec.id()
              + "; build it with KafkaIngressBuilder");
    }
    put(ingresses, spec.id(), kafka, "ingress");
  }

  @Override
  public <T> void bindIngressRouter(IngressIdentifier<T> id, Router<T> router) {
    put(routers, id, router, "router for ingress");
  }

  @Override
  public <T> void bindEgress(EgressSpec<T> spec) {
    if (!(spec instanceof KafkaEgressSpec<T> kafka)) {
      throw new StatefunConfigurationException(origin,
          "unsupported egress spec " + spec.getClass().getName() + " for " + spec.id()
              + "; build it with KafkaEgressBuilder");
    }
    put(egresses, spec.id(), kafka, "egress");
  }

  @Override
  public void bindFunctionProvider(FunctionType type, StatefulFunctionProvider provider) {
    Bound<HttpFunctionEndpointSpec> endpoint = typeEndpoints.get(type);
    if (endpoint != null) {
      throw boundTwice(type, endpoint.origin() + " (endpoint " + endpoint.value().urlPathTemplate() + ")");
    }
    put(functions, type, provider, "function type");
  }

  @Override
  public void bindEndpoint(HttpFunctionEndpointSpec endpoint) {
    if (endpoint.isNamespaceWildcard()) {
      put(namespaceEndpoints, endpoint.namespace(), endpoint, "endpoint for the functions");
      return;
    }
    FunctionType type = endpoint.functionType().orElseThrow();
    Bound<StatefulFunctionProvider> function = functions.get(type);
    if (function != null) {
      throw boundTwice(type, function.origin() + " (a Java function)");
    }
    put(typeEndpoints, type, endpoint, "endpoint for the function type");
  }

  private StatefunConfigurationException boundTwice(FunctionType type, String existing) {
    return new StatefunConfigurationException(origin,
        "function type " + type + " is bound twice: in " + existing + " and in " + origin,
        "Bind each function type once: remove one of them, or name another type");
  }

  /** Binds a function type with its declared state. */
  public void bindFunction(StatefulFunctionSpec spec) {
    bindFunctionProvider(spec.typeName(), type -> spec.supplier().get());
    declaredState.put(spec.typeName(), spec.valueSpecs());
  }

  private <K, V> void put(Map<K, Bound<V>> bindings, K key, V value, String what) {
    Bound<V> existing = bindings.get(key);
    if (existing != null) {
      throw new StatefunConfigurationException(origin,
          what + " " + key + " is defined twice: in " + existing.origin() + " and in " + origin,
          "Remove one of them or give it another id");
    }
    bindings.put(key, new Bound<>(value, origin));
  }

  public Collection<KafkaIngressSpec<?>> ingresses() {
    return ingresses.values().stream().<KafkaIngressSpec<?>>map(Bound::value).toList();
  }

  public Optional<KafkaIngressSpec<?>> ingress(String id) {
    return ingresses.entrySet().stream()
        .filter(e -> e.getKey().toString().equals(id))
        .<KafkaIngressSpec<?>>map(e -> e.getValue().value())
        .findFirst();
  }

  @SuppressWarnings("unchecked")
  public <T> Optional<Router<T>> router(IngressIdentifier<T> id) {
    return Optional.ofNullable(routers.get(id)).map(bound -> (Router<T>) bound.value());
  }

  public Collection<KafkaEgressSpec<?>> egresses() {
    return egresses.values().stream().<KafkaEgressSpec<?>>map(Bound::value).toList();
  }

  public Optional<KafkaEgressSpec<?>> egress(EgressIdentifier<?> id) {
    return Optional.ofNullable(egresses.get(id)).map(Bound::value);
  }

  public Map<FunctionType, StatefulFunctionProvider> functions() {
    Map<FunctionType, StatefulFunctionProvider> providers = new LinkedHashMap<>();
    functions.forEach((type, bound) -> providers.put(type, bound.value()));
    return Collections.unmodifiableMap(providers);
  }

  public Optional<StatefulFunctionProvider> function(FunctionType type) {
    return Optional.ofNullable(functions.get(type)).map(Bound::value);
  }

  /**
   * The endpoint serving a function type: one that names it, else one of its namespace, unless
   * a Java function binds the type.
   */
  public Optional<HttpFunctionEndpointSpec> endpoint(FunctionType type) {
    Bound<HttpFunctionEndpointSpec> specific = typeEndpoints.get(type);
    if (specific != null) {
      return Optional.of(specific.value());
    }
    if (functions.containsKey(type)) {
      return Optional.empty();
    }
    return Optional.ofNullable(namespaceEndpoints.get(type.namespace())).map(Bound::value);
  }

  /** Every endpoint, specific ones first. */
  public List<HttpFunctionEndpointSpec> endpoints() {
    List<HttpFunctionEndpointSpec> all = new ArrayList<>();
    typeEndpoints.values().forEach(bound -> all.add(bound.value()));
    namespaceEndpoints.values().forEach(bound -> all.add(bound.value()));
    return all;
  }

  /** Whether a Java function or an endpoint serves that type. */
  public boolean isBound(FunctionType type) {
    return functions.containsKey(type) || endpoint(type).isPresent();
  }

  /** What binds function types, for messages: Java types, then endpoints as written. */
  public List<String> boundFunctionTypes() {
    List<String> bound = new ArrayList<>();
    functions.keySet().forEach(type -> bound.add(type.toString()));
    typeEndpoints.keySet().forEach(type -> bound.add(type.toString()));
    namespaceEndpoints.keySet().forEach(namespace -> bound.add(namespace + "/*"));
    return bound;
  }

  /** The state a function type declared; empty for providers, which declare none. */
  public List<ValueSpec<?>> declaredState(FunctionType type) {
    return declaredState.getOrDefault(type, List.of());
  }

  /** Where an ingress, egress or function was bound, for messages. */
  public String originOf(Object id) {
    for (Map<?, ? extends Bound<?>> bindings : List.of(ingresses, egresses, functions, typeEndpoints)) {
      Bound<?> bound = bindings.get(id);
      if (bound != null) {
        return bound.origin();
      }
    }
    return "unknown";
  }

  /**
   * Checks what can only be checked once everything is bound: every target and router has its
   * function type and ingress.
   */
  public void validate() {
    ingresses.forEach((id, bound) -> {
      KafkaIngressSpec<?> spec = bound.value();
      for (int i = 0; i < spec.targets().size(); i++) {
        requireFunction(spec.targets().get(i), location(bound.origin(), id, ".targets[" + i + "]", "targets"));
      }
      for (int t = 0; t < spec.topics().size(); t++) {
        var topic = spec.topics().get(t);
        for (int i = 0; i < topic.targets().size(); i++) {
          requireFunction(topic.targets().get(i), location(bound.origin(), id,
              ".topics[" + t + "].targets[" + i + "]", "topic " + topic.topic() + " targets"));
        }
      }
      boolean plainTopics = spec.topics().stream().anyMatch(topic -> !topic.isRoutable());
      if (plainTopics && spec.targets().isEmpty() && !routers.containsKey(id)) {
        throw new StatefunConfigurationException(bound.origin(),
            "ingress " + id + " has plain topics " + spec.topicNames() + " but no targets and no router",
            "Set its targets (record key = function id) or name a Router bean");
      }
      if (!spec.targets().isEmpty() && routers.containsKey(id)) {
        throw new StatefunConfigurationException(bound.origin(),
            "ingress " + id + " has both targets and a router (" + routers.get(id).origin() + ")",
            "Use one of them");
      }
    });
    routers.forEach((id, bound) -> {
      if (!ingresses.containsKey(id)) {
        throw new StatefunConfigurationException(bound.origin(),
            "a router is bound for ingress " + id + ", which is not bound", "Bound ingresses are " + ingresses.keySet());
      }
    });
  }

  /** A property path under a configuration property origin; otherwise the origin with a description. */
  private static String location(String origin, Object id, String propertySuffix, String description) {
    return origin.startsWith("statefun.")
        ? origin + propertySuffix
        : origin + " (ingress " + id + ") " + description;
  }

  private void requireFunction(FunctionType type, String where) {
    if (!isBound(type)) {
      throw new StatefunConfigurationException(where,
          "unknown function type '" + type + "'", "Bound function types are " + boundFunctionTypes());
    }
  }

  private record Bound<V>(V value, String origin) {}
}
