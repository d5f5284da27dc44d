package dev.statefun.kafka.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.annotation.Handler;
import dev.statefun.kafka.annotation.StatefulFunctionType;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import dev.statefun.kafka.sdk.Context;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import dev.statefun.kafka.sdk.ValueSpec;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/** {@code @StatefulFunctionType} beans are bound as their function type, once. */
class TypedFunctionBindingTests {

  static final FunctionType GREETER = new FunctionType("example", "greeter");

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(StatefunKafkaAutoConfiguration.class))
      .withPropertyValues("statefun.flink.auto-startup=false");

  @StatefulFunctionType("example/greeter")
  static class Greeter {
    static final ValueSpec<Integer> SEEN = ValueSpec.named("seen").withIntType();

    @Handler
    void greet(Context context, String name) {}
  }

  @StatefulFunctionType("example/greeter")
  static class OtherGreeter {
    @Handler
    void greet(Context context, Object message) {}
  }

  @StatefulFunctionType("example/broken")
  static class Broken {
    @Handler
    void first(Context context, String name) {}

    @Handler
    void second(Context context, String name) {}
  }

  @Test
  void aTypedFunctionBeanIsBoundAsItsTypeWithItsStaticValueSpecsDeclared() {
    runner.withBean(Greeter.class).run(context -> {
      StatefulFunctionsUniverse universe = context.getBean(StatefulFunctionsUniverse.class);
      assertThat(universe.function(GREETER)).isPresent();
      assertThat(universe.declaredState(GREETER)).containsExactly(Greeter.SEEN);
    });
  }

  @Test
  void componentScanningNamesTheBeanAfterItsFunctionType() {
    try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
      context.scan("dev.statefun.kafka.autoconfigure.typed");
      context.refresh();
      assertThat(context.getBean("example/scanned")).isInstanceOf(dev.statefun.kafka.autoconfigure.typed.Scanned.class);
    }
  }

  @Test
  void aTypeBoundByATypedFunctionAndAStatefulFunctionSpecFailsStartupNamingBoth() {
    runner.withBean(Greeter.class)
        .withBean("greeterSpec", StatefulFunctionSpec.class, () -> StatefulFunctionSpec.builder(GREETER)
            .withSupplier(() -> (context, message) -> { }).build())
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("function type example/greeter is defined twice")
            .hasMessageContaining("bean 'greeterSpec'")
            .hasMessageContaining(Greeter.class.getName()));
  }

  @Test
  void aTypeBoundByTwoTypedFunctionsFailsStartupNamingBothClasses() {
    runner.withBean("first", Greeter.class).withBean("second", OtherGreeter.class)
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("function type example/greeter is defined twice")
            .hasMessageContaining(Greeter.class.getName())
            .hasMessageContaining(OtherGreeter.class.getName()));
  }

  @Test
  void aTypedFunctionWithTwoHandlersForOneTypeFailsStartupNamingTheClassAndTheMethods() {
    runner.withBean(Broken.class)
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining(Broken.class.getName())
            .hasMessageContaining("first(Context, String)")
            .hasMessageContaining("second(Context, String)"));
  }
}
