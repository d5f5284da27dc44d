package dev.statefun.kafka.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.io.HttpFunctionEndpointSpec;
import dev.statefun.kafka.runtime.RuntimeSettings;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ByteArrayResource;

/** {@code statefun.endpoints[*]}, endpoint beans and {@code statefun.flink.max-concurrent-remote-requests}. */
class StatefunEndpointsPropertiesTests {

  private static final FunctionType GREETER = FunctionType.parse("example/greeter");

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(StatefunKafkaAutoConfiguration.class))
      .withPropertyValues("statefun.flink.auto-startup=false", "statefun.kafka.bootstrap-servers=broker:9092");

  @Configuration(proxyBeanMethods = false)
  static class JavaGreeter {
    @Bean
    StatefulFunctionSpec greeter() {
      return StatefulFunctionSpec.builder(GREETER).withSupplier(() -> (context, input) -> { }).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class EndpointBean {
    @Bean
    HttpFunctionEndpointSpec remoteEndpoint() {
      return HttpFunctionEndpointSpec.builder("remote/*").withUrlPathTemplate("http://remote:8000/{function.name}")
          .build();
    }
  }

  @Test
  void endpointsBindIntoTheUniverseAsTheContractShowsThem() {
    runner.withPropertyValues(
            "statefun.endpoints[0].functions=example/*",
            "statefun.endpoints[0].url-path-template=http://localhost:8000/statefun/{function.name}",
            "statefun.endpoints[0].max-num-batch-requests=500",
            "statefun.endpoints[0].max-connections=16",
            "statefun.endpoints[0].timeouts.call=2m",
            "statefun.endpoints[0].timeouts.connect=20s",
            "statefun.endpoints[1].functions=other/counter",
            "statefun.endpoints[1].url-path-template=https://counter.example.com/fn")
        .run(context -> {
          StatefulFunctionsUniverse universe = context.getBean(StatefulFunctionsUniverse.class);
          HttpFunctionEndpointSpec example = universe.endpoint(GREETER).orElseThrow();
          assertThat(example.urlOf(GREETER)).isEqualTo(URI.create("http://localhost:8000/statefun/greeter"));
          assertThat(example.maxNumBatchRequests()).isEqualTo(500);
          assertThat(example.maxConnections()).isEqualTo(16);
          assertThat(example.callTimeout()).isEqualTo(Duration.ofMinutes(2));
          assertThat(example.connectTimeout()).isEqualTo(Duration.ofSeconds(20));
          assertThat(universe.endpoint(FunctionType.parse("other/counter"))).get()
              .satisfies(counter -> assertThat(counter.urlOf(FunctionType.parse("other/counter")))
                  .isEqualTo(URI.create("https://counter.example.com/fn")));
          assertThat(universe.endpoint(FunctionType.parse("other/counter")).orElseThrow().maxConnections())
              .isEqualTo(HttpFunctionEndpointSpec.DEFAULT_MAX_CONNECTIONS);
          assertThat(universe.endpoint(FunctionType.parse("other/else"))).isEmpty();
        });
  }

  @Test
  void theYamlOfTheContractBinds() {
    runner.withInitializer(context -> {
      try {
        new YamlPropertySourceLoader().load("application.yml", new ByteArrayResource("""
            statefun:
              endpoints:
                - functions: example/*              # one function type, or namespace/* (StateFun's rule)
                  url-path-template: http://localhost:8000/statefun/{function.name}
                  max-num-batch-requests: 1000      # per address, as StateFun
                  timeouts: {call: 2m, connect: 20s}
            """.getBytes(StandardCharsets.UTF_8))).forEach(context.getEnvironment().getPropertySources()::addFirst);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).run(context -> assertThat(context.getBean(StatefulFunctionsUniverse.class).endpoint(GREETER)).get()
        .satisfies(endpoint -> {
          assertThat(endpoint.urlOf(GREETER)).isEqualTo(URI.create("http://localhost:8000/statefun/greeter"));
          assertThat(endpoint.maxNumBatchRequests()).isEqualTo(1000);
          assertThat(endpoint.callTimeout()).isEqualTo(Duration.ofMinutes(2));
          assertThat(endpoint.connectTimeout()).isEqualTo(Duration.ofSeconds(20));
        }));
  }

  @Test
  void omittedSettingsTakeStatefunsDefaults() {
    runner.withPropertyValues("statefun.endpoints[0].functions=example/*",
            "statefun.endpoints[0].url-path-template=http://localhost:8000/{function.name}")
        .run(context -> assertThat(context.getBean(StatefulFunctionsUniverse.class).endpoint(GREETER)).get()
            .satisfies(endpoint -> {
              assertThat(endpoint.maxNumBatchRequests()).isEqualTo(1000);
              assertThat(endpoint.callTimeout()).isEqualTo(HttpFunctionEndpointSpec.DEFAULT_CALL_TIMEOUT);
              assertThat(endpoint.connectTimeout()).isEqualTo(HttpFunctionEndpointSpec.DEFAULT_CONNECT_TIMEOUT);
            }));
  }

  @Test
  void readAndWriteTimeoutsOfStatefunV1AreAccepted() {
    runner.withPropertyValues(endpoint("example/*", "http://localhost:8000/{function.name}"))
        .withPropertyValues("statefun.endpoints[0].timeouts.call=1m", "statefun.endpoints[0].timeouts.read=10s",
            "statefun.endpoints[0].timeouts.write=10s")
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void ingressTargetsServedByANamespaceEndpointValidate() {
    runner.withPropertyValues(endpoint("example/*", "http://localhost:8000/{function.name}"))
        .withPropertyValues("statefun.kafka.ingresses[0].id=example/names",
            "statefun.kafka.ingresses[0].consumer-group-id=greeter",
            "statefun.kafka.ingresses[0].topics[0].topic=names",
            "statefun.kafka.ingresses[0].topics[0].value-type=io.statefun.types/string",
            "statefun.kafka.ingresses[0].topics[0].targets=example/greeter")
        .run(context -> assertThat(context.getBean(StatefulFunctionsUniverse.class).isBound(GREETER)).isTrue());
  }

  @Test
  void endpointBeansArePickedUp() {
    runner.withUserConfiguration(EndpointBean.class)
        .run(context -> assertThat(context.getBean(StatefulFunctionsUniverse.class)
            .endpoint(FunctionType.parse("remote/greeter"))).isPresent());
  }

  @Test
  void endpointsOfAModuleYamlBindNextToTheProperties() {
    runner.withPropertyValues("statefun.kafka.module=classpath:module/statefun-3.x-modules-overview.yaml")
        .withPropertyValues(endpoint("other/*", "http://localhost:8000/{function.name}"))
        .run(context -> {
          StatefulFunctionsUniverse universe = context.getBean(StatefulFunctionsUniverse.class);
          assertThat(universe.endpoint(FunctionType.parse("com.example/greeter"))).isPresent();
          assertThat(universe.endpoint(FunctionType.parse("other/greeter"))).isPresent();
          assertThat(universe.ingress("com.example/my-ingress")).isPresent();
        });
  }

  @Test
  void maxConcurrentRemoteRequestsReachesTheRuntimeSettings() {
    runner.withPropertyValues("statefun.flink.max-concurrent-remote-requests=64")
        .run(context -> assertThat(context.getBean(RuntimeSettings.class).maxConcurrentRemoteRequests()).isEqualTo(64));
    runner.run(context -> assertThat(context.getBean(RuntimeSettings.class).maxConcurrentRemoteRequests())
        .isEqualTo(RuntimeSettings.DEFAULT_MAX_CONCURRENT_REMOTE_REQUESTS));
  }

  // ---- mistakes: one message naming the property and what is valid

  @Test
  void wildcardInTheNamespaceNamesFunctionsAndTheValidForms() {
    runner.withPropertyValues(endpoint("ex*/a", "http://localhost:8000/{function.name}"))
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageStartingWith("statefun.endpoints[0].functions: Invalid functions 'ex*/a'")
            .hasMessageContaining("'namespace/name' or 'namespace/*'"));
  }

  @Test
  void wildcardInsideANameNamesFunctions() {
    runner.withPropertyValues(endpoint("ns/a*", "http://localhost:8000/{function.name}"))
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageStartingWith("statefun.endpoints[0].functions: Invalid functions 'ns/a*'"));
  }

  @Test
  void missingFunctionsNamesTheProperty() {
    runner.withPropertyValues("statefun.endpoints[0].url-path-template=http://localhost:8000/{function.name}")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageStartingWith("statefun.endpoints[0].functions: an endpoint needs the function types")
            .hasMessageContaining("namespace/*"));
  }

  @Test
  void urlWithAnotherSchemeNamesTheTemplateAndTheValidSchemes() {
    runner.withPropertyValues(endpoint("example/*", "ftp://localhost/{function.name}"))
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageStartingWith("statefun.endpoints[0].url-path-template:")
            .hasMessageContaining("[http, https]"));
  }

  @Test
  void urlThatIsNoUrlNamesTheTemplate() {
    runner.withPropertyValues(endpoint("example/*", "http://local host/{function.name}"))
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageStartingWith("statefun.endpoints[0].url-path-template: 'http://local host/{function.name}'"));
  }

  @Test
  void missingUrlPathTemplateNamesIt() {
    runner.withPropertyValues("statefun.endpoints[0].functions=example/*")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageStartingWith("statefun.endpoints[0].url-path-template: urlPathTemplate is missing")
            .hasMessageContaining("{function.name}"));
  }

  @Test
  void batchBelowOneNamesItsProperty() {
    runner.withPropertyValues(endpoint("example/*", "http://localhost:8000/{function.name}"))
        .withPropertyValues("statefun.endpoints[0].max-num-batch-requests=0")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageStartingWith("statefun.endpoints[0].max-num-batch-requests:")
            .hasMessageContaining("at least 1"));
  }

  @Test
  void connectionsBelowOneNameTheirProperty() {
    runner.withPropertyValues(endpoint("example/*", "http://localhost:8000/{function.name}"))
        .withPropertyValues("statefun.endpoints[0].max-connections=0")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageStartingWith("statefun.endpoints[0].max-connections:")
            .hasMessageContaining("at least 1"));
  }

  @Test
  void zeroCallTimeoutNamesItsProperty() {
    runner.withPropertyValues(endpoint("example/*", "http://localhost:8000/{function.name}"))
        .withPropertyValues("statefun.endpoints[0].timeouts.call=0s")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageStartingWith("statefun.endpoints[0].timeouts.call:")
            .hasMessageContaining("positive"));
  }

  @Test
  void readTimeoutLongerThanTheCallNamesItsProperty() {
    runner.withPropertyValues(endpoint("example/*", "http://localhost:8000/{function.name}"))
        .withPropertyValues("statefun.endpoints[0].timeouts.call=10s", "statefun.endpoints[0].timeouts.read=30s")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageStartingWith("statefun.endpoints[0].timeouts.read:")
            .hasMessageContaining("at most the call timeout"));
  }

  @Test
  void unreadableDurationFailsWithThePropertyAndTheForms() {
    runner.withPropertyValues(endpoint("example/*", "http://localhost:8000/{function.name}"))
        .withPropertyValues("statefun.endpoints[0].timeouts.call=two minutes")
        .run(context -> {
          assertThat(context).hasFailed();
          FailureAnalysis analysis = new StatefunBindFailureAnalyzer().analyze(context.getStartupFailure());
          assertThat(analysis.getDescription()).isEqualTo("Invalid stateful functions configuration at "
              + "'statefun.endpoints[0].timeouts.call': invalid value 'two minutes'");
          assertThat(analysis.getAction()).contains("2m, 20s, 500ms or PT2M");
        });
  }

  @Test
  void batchThatIsNoNumberFailsWithThePropertyAndTheForm() {
    runner.withPropertyValues(endpoint("example/*", "http://localhost:8000/{function.name}"))
        .withPropertyValues("statefun.endpoints[0].max-num-batch-requests=many")
        .run(context -> {
          FailureAnalysis analysis = new StatefunBindFailureAnalyzer().analyze(context.getStartupFailure());
          assertThat(analysis.getDescription()).contains("'statefun.endpoints[0].max-num-batch-requests'");
          assertThat(analysis.getAction()).contains("whole number");
        });
  }

  @Test
  void functionTypeOfABeanAndAnEndpointNamesBoth() {
    runner.withUserConfiguration(JavaGreeter.class)
        .withPropertyValues(endpoint("example/greeter", "http://localhost:8000/{function.name}"))
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("function type example/greeter is bound twice")
            .hasMessageContaining("bean 'greeter'")
            .hasMessageContaining("statefun.endpoints[0]"));
  }

  @Test
  void functionTypeOfTwoEndpointsNamesBoth() {
    runner.withPropertyValues(endpoint("example/greeter", "http://localhost:8000/{function.name}"))
        .withPropertyValues("statefun.endpoints[1].functions=example/greeter",
            "statefun.endpoints[1].url-path-template=http://other:8000/{function.name}")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("example/greeter")
            .hasMessageContaining("statefun.endpoints[0]")
            .hasMessageContaining("statefun.endpoints[1]"));
  }

  @Test
  void namespaceOfAnEndpointBeanAndAPropertyNamesBoth() {
    runner.withUserConfiguration(EndpointBean.class)
        .withPropertyValues(endpoint("remote/*", "http://localhost:8000/{function.name}"))
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("remote")
            .hasMessageContaining("statefun.endpoints[0]")
            .hasMessageContaining("bean 'remoteEndpoint'"));
  }

  @Test
  void javaFunctionWinsOverANamespaceEndpoint() {
    runner.withUserConfiguration(JavaGreeter.class)
        .withPropertyValues(endpoint("example/*", "http://localhost:8000/{function.name}"))
        .run(context -> {
          StatefulFunctionsUniverse universe = context.getBean(StatefulFunctionsUniverse.class);
          assertThat(universe.endpoint(GREETER)).isEmpty();
          assertThat(universe.function(GREETER)).isPresent();
          assertThat(universe.endpoint(FunctionType.parse("example/other"))).isPresent();
        });
  }

  @Test
  void maxConcurrentRemoteRequestsBelowOneNamesTheProperty() {
    runner.withPropertyValues("statefun.flink.max-concurrent-remote-requests=0")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageStartingWith("statefun.flink.max-concurrent-remote-requests:")
            .hasMessageContaining("1 or more"));
  }

  private static String[] endpoint(String functions, String url) {
    return new String[] {"statefun.endpoints[0].functions=" + functions,
        "statefun.endpoints[0].url-path-template=" + url};
  }
}
