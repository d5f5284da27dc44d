package dev.statefun.kafka.module;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.io.HttpFunctionEndpointBinder;
import dev.statefun.kafka.io.HttpFunctionEndpointSpec;
import dev.statefun.kafka.io.KafkaEgressSpec;
import dev.statefun.kafka.io.KafkaIngressSpec;
import dev.statefun.kafka.sdk.EgressSpec;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.IngressIdentifier;
import dev.statefun.kafka.sdk.IngressSpec;
import dev.statefun.kafka.sdk.Router;
import dev.statefun.kafka.sdk.StatefulFunctionModule;
import dev.statefun.kafka.sdk.StatefulFunctionProvider;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A binder that records what a module file binds, and the module files of the tests. */
class RecordingBinder implements StatefulFunctionModule.Binder, HttpFunctionEndpointBinder {

  final List<KafkaIngressSpec<?>> ingresses = new ArrayList<>();
  final List<KafkaEgressSpec<?>> egresses = new ArrayList<>();
  final List<HttpFunctionEndpointSpec> endpoints = new ArrayList<>();

  /** Binds the test resource {@code /module/<file>}, named {@code module.yaml} in messages. */
  static RecordingBinder bindFile(String file) {
    RecordingBinder recorded = new RecordingBinder();
    ModuleYaml.bind("module.yaml", resource(file), recorded);
    return recorded;
  }

  /** Binds the text, named {@code module.yaml} in messages. */
  static RecordingBinder bindText(String yaml) {
    RecordingBinder recorded = new RecordingBinder();
    ModuleYaml.bind("module.yaml", text(yaml), recorded);
    return recorded;
  }

  static InputStream resource(String file) {
    return Objects.requireNonNull(RecordingBinder.class.getResourceAsStream("/module/" + file),
        "no test resource /module/" + file);
  }

  static InputStream text(String yaml) {
    return new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public <T> void bindIngress(IngressSpec<T> spec) {
    ingresses.add((KafkaIngressSpec<?>) spec);
  }

  @Override
  public <T> void bindIngressRouter(IngressIdentifier<T> id, Router<T> router) {
    throw new AssertionError("a module YAML binds no router");
  }

  @Override
  public <T> void bindEgress(EgressSpec<T> spec) {
    egresses.add((KafkaEgressSpec<?>) spec);
  }

  @Override
  public void bindFunctionProvider(FunctionType type, StatefulFunctionProvider provider) {
    throw new AssertionError("a module YAML binds no Java function");
  }

  @Override
  public void bindEndpoint(HttpFunctionEndpointSpec endpoint) {
    endpoints.add(endpoint);
  }

  KafkaIngressSpec<?> onlyIngress() {
    assertThat(ingresses).hasSize(1);
    assertThat(egresses).isEmpty();
    return ingresses.get(0);
  }

  KafkaEgressSpec<?> onlyEgress() {
    assertThat(egresses).hasSize(1);
    assertThat(ingresses).isEmpty();
    return egresses.get(0);
  }

  HttpFunctionEndpointSpec onlyEndpoint() {
    assertThat(endpoints).hasSize(1);
    return endpoints.get(0);
  }
}
