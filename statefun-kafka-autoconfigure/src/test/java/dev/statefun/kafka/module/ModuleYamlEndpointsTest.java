package dev.statefun.kafka.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.statefun.kafka.module.RecordingBinder.bindFile;
import static dev.statefun.kafka.module.RecordingBinder.bindText;
import static dev.statefun.kafka.module.RecordingBinder.resource;
import static dev.statefun.kafka.module.RecordingBinder.text;

import dev.statefun.kafka.io.DeliverySemantic;
import dev.statefun.kafka.io.HttpFunctionEndpointBinder;
import dev.statefun.kafka.io.HttpFunctionEndpointSpec;
import dev.statefun.kafka.io.KafkaIngressTopic;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
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
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HTTP function endpoints in module YAML: StateFun 3.1+ kinds, 3.0's endpoints, and 2.x functions refused. */
class ModuleYamlEndpointsTest {

  private static final FunctionType GREETER = FunctionType.parse("com.example/greeter");

  // ---- StateFun 3.1+ documents

  @Test
  void modulesOverviewOfTheDocumentationBindsEndpointIngressAndEgressAsWritten() {
    StatefulFunctionsUniverse universe = new StatefulFunctionsUniverse();

    ModuleYaml.bind("module.yaml", resource("statefun-3.x-modules-overview.yaml"), universe.from("module.yaml"));
    universe.validate();

    HttpFunctionEndpointSpec endpoint = universe.endpoint(GREETER).orElseThrow();
    assertThat(endpoint.functions()).isEqualTo("com.example/*");
    assertThat(endpoint.urlOf(GREETER)).isEqualTo(URI.create("https://bar.foo.com/greeter"));
    assertThat(universe.ingress("com.example/my-ingress")).get().satisfies(ingress -> {
      assertThat(ingress.kafkaAddress()).contains("kafka-broker:9092");
      assertThat(ingress.topics()).containsExactly(
          KafkaIngressTopic.routable("message-topic", "io.statefun.types/string", List.of(GREETER)));
    });
    assertThat(universe.egress(EgressIdentifier.parse("com.example/my-egress", Object.class))).get()
        .satisfies(egress -> assertThat(egress.deliverySemantic()).isEqualTo(DeliverySemantic.EXACTLY_ONCE));
  }

  @Test
  void endpointV2WithoutTransportTakesStatefunsAsyncTransportDefaults() {
    HttpFunctionEndpointSpec endpoint = bindEndpointFile("statefun-3.1-remote-endpoint.yaml");

    assertThat(endpoint.isNamespaceWildcard()).isTrue();
    assertThat(endpoint.maxNumBatchRequests()).isEqualTo(1000);
    assertThat(endpoint.callTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(endpoint.connectTimeout()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void endpointV2OfTheDocumentationReadsItsTransportTimeouts() {
    HttpFunctionEndpointSpec endpoint = endpoint("""
        kind: io.statefun.endpoints.v2/http
        spec:
          functions: com.example/*
          urlPathTemplate: https://bar.foo.com:8080/{function.name}
          transport:
            timeouts:
              call: 1 min
              read: 10 sec
              write: 10 sec
        """);

    assertThat(endpoint.urlOf(GREETER)).isEqualTo(URI.create("https://bar.foo.com:8080/greeter"));
    assertThat(endpoint.callTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(endpoint.connectTimeout()).as("StateFun's default within a timeouts block")
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void asyncTransportOfTheDocumentationIsAccepted() {
    HttpFunctionEndpointSpec endpoint = endpoint("""
        kind: io.statefun.endpoints.v2/http
        spec:
          functions: com.example/greeter
          urlPathTemplate: http://functions:8000/statefun
          maxNumBatchRequests: 10000
          transport:
            type: io.statefun.transports.v1/async
            call: 2m
            connect: 20s
            pool_ttl: 15s
            pool_size: 1024
            payload_max_bytes: 33554432
        """);

    assertThat(endpoint.functionType()).contains(GREETER);
    assertThat(endpoint.maxNumBatchRequests()).isEqualTo(10000);
    assertThat(endpoint.maxConnections()).as("pool_size").isEqualTo(1024);
    assertThat(endpoint.callTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(endpoint.connectTimeout()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void okHttpTransportTakesItsTimeoutsAndDefaults() {
    HttpFunctionEndpointSpec written = endpoint("""
        kind: io.statefun.endpoints.v2/http
        spec:
          functions: com.foo.bar/*
          urlPathTemplate: http://bar.foo.com:8080/functions/{function.name}
          transport:
            type: io.statefun.transports.v1/okhttp
            timeouts:
              call: 1minute
              connect: 30seconds
              read: 20seconds
              write: 10seconds
        """);
    HttpFunctionEndpointSpec defaults = endpoint("""
        kind: io.statefun.endpoints.v2/http
        spec:
          functions: com.foo.bar/*
          urlPathTemplate: http://bar.foo.com:8080/functions/{function.name}
          transport:
            type: io.statefun.transports.v1/okhttp
        """);

    assertThat(written.callTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(written.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.callTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void endpointV1ReadsTimeoutsInTheSpec() {
    HttpFunctionEndpointSpec endpoint = endpoint("""
        kind: io.statefun.endpoints.v1/http
        spec:
          functions: com.foo.bar/*
          urlPathTemplate: http://bar.foo.com:8080/functions/{function.name}
          maxNumBatchRequests: 10000
          timeouts:
            call: 2 minutes
            connect: 30 s
            read: 20seconds
            write: 10seconds
        """);

    assertThat(endpoint.maxNumBatchRequests()).isEqualTo(10000);
    assertThat(endpoint.callTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(endpoint.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void durationsInFlinksSyntaxParse() {
    Map<String, Duration> forms = Map.of(
        "1 min", Duration.ofMinutes(1), "10s", Duration.ofSeconds(10), "2m", Duration.ofMinutes(2),
        "2 minutes", Duration.ofMinutes(2), "1500 ms", Duration.ofMillis(1500), "90000", Duration.ofSeconds(90),
        "PT3M", Duration.ofMinutes(3), "1 h", Duration.ofHours(1), "2 MIN", Duration.ofMinutes(2));
    forms.forEach((written, expected) -> assertThat(endpoint("""
        kind: io.statefun.endpoints.v2/http
        spec:
          functions: com.example/*
          urlPathTemplate: http://functions:8000/{function.name}
          transport:
            call: %s
        """.formatted(written)).callTimeout()).as(written).isEqualTo(expected));
  }

  @Test
  void namespaceEndpointServesEveryTypeABeanDoesNotBind() {
    StatefulFunctionsUniverse universe = new StatefulFunctionsUniverse();
    universe.from("bean 'counter'").bindFunction(javaFunction("com.example/counter"));

    ModuleYaml.bind("module.yaml", resource("statefun-3.1-remote-endpoint.yaml"), universe.from("module.yaml"));
    universe.validate();

    assertThat(universe.endpoint(GREETER)).isPresent();
    assertThat(universe.endpoint(FunctionType.parse("com.example/counter"))).isEmpty();
    assertThat(universe.function(FunctionType.parse("com.example/counter"))).isPresent();
  }

  // ---- StateFun 3.0

  @Test
  void endpointsOfVersion30BindAsEndpointV1() {
    HttpFunctionEndpointSpec endpoint = bindEndpointFile("statefun-3.0-remote-endpoints.yaml");

    assertThat(endpoint.functions()).isEqualTo("example/*");
    assertThat(endpoint.urlPathTemplate()).isEqualTo("http://functions:8000/statefun");
    assertThat(endpoint.callTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(endpoint.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void endpointOfVersion30WithTimeoutsAndIngressBinds() {
    RecordingBinder recorded = bindText("""
        version: "3.0"
        module:
          meta:
            type: remote
          spec:
            endpoints:
              - endpoint:
                  meta:
                    kind: http
                  spec:
                    functions: example/greeter
                    urlPathTemplate: http://functions:8000/statefun
                    maxNumBatchRequests: 500
                    timeouts:
                      call: 2 min
            ingresses:
              - ingress:
                  meta:
                    type: io.statefun.kafka/ingress
                    id: example/names
                  spec:
                    consumerGroupId: greeter
                    topics:
                      - topic: names
                        valueType: io.statefun.types/string
                        targets: [example/greeter]
        """);

    assertThat(recorded.endpoints).singleElement().satisfies(endpoint -> {
      assertThat(endpoint.functionType()).contains(FunctionType.parse("example/greeter"));
      assertThat(endpoint.maxNumBatchRequests()).isEqualTo(500);
      assertThat(endpoint.callTimeout()).isEqualTo(Duration.ofMinutes(2));
    });
    assertThat(recorded.ingresses).hasSize(1);
  }

  @Test
  void unknownEndpointKindOfVersion30ListsTheKinds() {
    assertThatThrownBy(() -> bindText("""
        version: "3.0"
        module:
          meta:
            type: remote
          spec:
            endpoints:
              - endpoint:
                  meta:
                    kind: grpc
                  spec:
                    functions: example/*
                    urlPathTemplate: http://functions:8000/statefun
        """))
        .hasMessageStartingWith("module.yaml: module.spec.endpoints[0].endpoint.meta.kind: invalid value 'grpc'")
        .hasMessageContaining("[http, io.statefun.endpoints.v1/http, io.statefun.endpoints.v2/http]");
  }

  // ---- StateFun 2.x

  @Test
  void remoteFunctionsOfVersion2AreRefusedWithTheEquivalentEndpoint() {
    assertThatThrownBy(() -> bindFile("statefun-2-remote-functions.yaml"))
        .isInstanceOf(StatefunConfigurationException.class)
        .hasMessageStartingWith("module.yaml: module.spec.functions: StateFun 2.x remote functions (kind http)")
        .hasMessageContaining("2.x request-reply protocol, which is not served")
        .hasMessageContaining("""
            kind: io.statefun.endpoints.v2/http
            spec:
              functions: example/greeter
              urlPathTemplate: http://functions:8000/statefun
              maxNumBatchRequests: 500
              transport:
                call: 2min
            """);
  }

  // ---- errors: where, and what is valid

  @Test
  void wildcardInTheNamespaceNamesFunctionsAndTheValidForms() {
    assertThatThrownBy(() -> endpoint(v2("ex*/a", "http://functions:8000/{function.name}")))
        .hasMessageStartingWith("module.yaml: spec.functions: Invalid functions 'ex*/a'")
        .hasMessageContaining("'namespace/name' or 'namespace/*'");
  }

  @Test
  void wildcardInsideANameNamesFunctions() {
    assertThatThrownBy(() -> endpoint(v2("ns/a*", "http://functions:8000/{function.name}")))
        .hasMessageStartingWith("module.yaml: spec.functions: Invalid functions 'ns/a*'");
  }

  @Test
  void urlWithAnotherSchemeNamesTheTemplateAndTheValidSchemes() {
    assertThatThrownBy(() -> endpoint(v2("com.example/*", "ftp://functions/{function.name}")))
        .hasMessageStartingWith("module.yaml: spec.urlPathTemplate:")
        .hasMessageContaining("[http, https]");
  }

  @Test
  void missingUrlPathTemplateNamesIt() {
    assertThatThrownBy(() -> endpoint("""
        kind: io.statefun.endpoints.v2/http
        spec:
          functions: com.example/*
        """))
        .hasMessageStartingWith("module.yaml: spec.urlPathTemplate: an endpoint needs its URL")
        .hasMessageContaining("{function.name}");
  }

  @Test
  void unknownTransportTypeListsStatefunsTransports() {
    assertThatThrownBy(() -> endpoint(v2("com.example/*", "http://functions:8000/{function.name}") + """
          transport:
            type: io.statefun.transports.v1/netty
        """))
        .hasMessageStartingWith("module.yaml: spec.transport.type: invalid value 'io.statefun.transports.v1/netty'")
        .hasMessageContaining("[io.statefun.transports.v1/async, io.statefun.transports.v1/okhttp]");
  }

  @Test
  void certificatesInTheTransportPointToTheJvmStores() {
    assertThatThrownBy(() -> endpoint(v2("com.example/*", "https://functions:8000/{function.name}") + """
          transport:
            type: io.statefun.transports.v1/async
            trust_cacerts: file:/certs/ca.pem
        """))
        .hasMessageStartingWith("module.yaml: spec.transport.trust_cacerts: certificates are not read")
        .hasMessageContaining("javax.net.ssl.trustStore");
  }

  @Test
  void unreadableDurationNamesItsPathAndTheForms() {
    assertThatThrownBy(() -> endpoint(v2("com.example/*", "http://functions:8000/{function.name}") + """
          transport:
            call: two minutes
        """))
        .hasMessageStartingWith("module.yaml: spec.transport.call: invalid duration 'two minutes'")
        .hasMessageContaining("15min");
  }

  @Test
  void zeroTimeoutNamesItsPath() {
    assertThatThrownBy(() -> endpoint(v2("com.example/*", "http://functions:8000/{function.name}") + """
          transport:
            timeouts:
              connect: 0s
        """))
        .hasMessageStartingWith("module.yaml: spec.transport.timeouts.connect: a timeout must be positive");
  }

  @Test
  void readTimeoutLongerThanTheCallIsRefusedAsStatefunDid() {
    assertThatThrownBy(() -> endpoint("""
        kind: io.statefun.endpoints.v1/http
        spec:
          functions: com.example/*
          urlPathTemplate: http://functions:8000/{function.name}
          timeouts:
            call: 10s
            read: 30s
        """))
        .hasMessageStartingWith("module.yaml: spec.timeouts.read: the read timeout 30s is longer than the call");
  }

  @Test
  void callTimeoutGivenTwiceIsRefused() {
    assertThatThrownBy(() -> endpoint(v2("com.example/*", "http://functions:8000/{function.name}") + """
          transport:
            call: 1m
            timeouts:
              call: 2m
        """))
        .hasMessageStartingWith("module.yaml: spec.transport.timeouts.call: the call timeout is given twice");
  }

  @Test
  void batchBelowOneNamesItsPath() {
    assertThatThrownBy(() -> endpoint(v2("com.example/*", "http://functions:8000/{function.name}") + """
          maxNumBatchRequests: 0
        """))
        .hasMessageStartingWith("module.yaml: spec.maxNumBatchRequests: expected a whole number of at least 1");
  }

  @Test
  void misspelledEndpointKeyListsTheValidKeys() {
    assertThatThrownBy(() -> endpoint(v2("com.example/*", "http://functions:8000/{function.name}") + """
          timeouts:
            call: 1m
        """))
        .hasMessageStartingWith("module.yaml: spec.timeouts: unknown key 'timeouts'")
        .hasMessageContaining("transport");
  }

  @Test
  void sameFunctionTypeAsABeanAndAnEndpointNamesBoth() {
    StatefulFunctionsUniverse universe = new StatefulFunctionsUniverse();
    universe.from("bean 'greeter'").bindFunction(javaFunction("com.example/greeter"));

    assertThatThrownBy(() -> ModuleYaml.bind("module.yaml",
        text(v2("com.example/greeter", "http://functions:8000/{function.name}")), universe.from("module.yaml")))
        .isInstanceOf(StatefunConfigurationException.class)
        .hasMessageContaining("com.example/greeter is bound twice")
        .hasMessageContaining("bean 'greeter'")
        .hasMessageContaining("module.yaml");
  }

  @Test
  void sameNamespaceInTwoFilesNamesBothFiles() {
    StatefulFunctionsUniverse universe = new StatefulFunctionsUniverse();
    ModuleYaml.bind("first.yaml", resource("statefun-3.1-remote-endpoint.yaml"), universe.from("first.yaml"));

    assertThatThrownBy(() -> ModuleYaml.bind("second.yaml",
        text(v2("com.example/*", "http://other:8000/{function.name}")), universe.from("second.yaml")))
        .hasMessageContaining("first.yaml")
        .hasMessageContaining("second.yaml");
  }

  @Test
  void twoEndpointsForTheSameFunctionsInOneFileNameBothDocuments() {
    assertThatThrownBy(() -> bindText(v2("com.example/*", "http://a:8000/{function.name}") + "---\n"
        + v2("com.example/*", "http://b:8000/{function.name}")))
        .hasMessageStartingWith("module.yaml (document 2): functions com.example/* are served by two endpoints, "
            + "module.yaml (document 1) and this one");
  }

  @Test
  void binderWithoutEndpointsNamesTheEndpointAndBindsNothing() {
    KafkaOnlyBinder binder = new KafkaOnlyBinder();

    assertThatThrownBy(() -> ModuleYaml.bind("module.yaml", resource("statefun-3.1-remote-endpoint.yaml"), binder))
        .hasMessageStartingWith("module.yaml (document 1): this module declares HTTP function endpoints")
        .hasMessageContaining("HttpFunctionEndpointBinder");
    assertThat(binder.bound).isZero();
  }

  // ---- helpers

  private static String v2(String functions, String url) {
    return """
        kind: io.statefun.endpoints.v2/http
        spec:
          functions: %s
          urlPathTemplate: %s
        """.formatted(functions, url);
  }

  private static StatefulFunctionSpec javaFunction(String type) {
    return StatefulFunctionSpec.builder(FunctionType.parse(type)).withSupplier(() -> (context, input) -> { }).build();
  }

  private static HttpFunctionEndpointSpec endpoint(String yaml) {
    return bindText(yaml).onlyEndpoint();
  }

  private static HttpFunctionEndpointSpec bindEndpointFile(String file) {
    return bindFile(file).onlyEndpoint();
  }

  /** A binder that takes ingresses and egresses only. */
  private static class KafkaOnlyBinder implements StatefulFunctionModule.Binder {

    final List<IngressSpec<?>> ingresses = new ArrayList<>();
    int bound;

    @Override
    public <T> void bindIngress(IngressSpec<T> spec) {
      ingresses.add(spec);
      bound++;
    }

    @Override
    public <T> void bindIngressRouter(IngressIdentifier<T> id, Router<T> router) {
      throw new AssertionError("a module YAML binds no router");
    }

    @Override
    public <T> void bindEgress(EgressSpec<T> spec) {
      bound++;
    }

    @Override
    public void bindFunctionProvider(FunctionType type, StatefulFunctionProvider provider) {
      throw new AssertionError("a module YAML binds no Java function");
    }
  }
}
