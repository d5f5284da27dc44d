package dev.statefun.kafka.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefun.kafka.sdk.Context;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunction;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import dev.statefun.kafka.sdk.TypedValue;
import dev.statefun.kafka.sdk.ValueSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Typed functions: handler choice by the message's type, declared state, and the mistakes caught at startup. */
class TypedFunctionsTest {

  interface Shape {}

  record Square(int side) implements Shape {}

  record Circle(int radius) implements Shape {}

  @StatefulFunctionType("test/shapes")
  static class Shapes {
    static final ValueSpec<Integer> SEEN = ValueSpec.named("seen").withIntType();
    private static final ValueSpec<String> LAST = ValueSpec.named("last").withStringType();
    final List<String> handled = new ArrayList<>();

    @Handler
    void square(Context context, Square square) {
      handled.add("square " + square.side());
    }

    @Handler
    private void shape(Context context, Shape shape) {
      handled.add("shape " + shape);
    }

    @Handler
    void typed(Context context, TypedValue value) {
      handled.add("typed " + value.typeName());
    }

    @Handler
    void anything(Context context, Object message) {
      handled.add("object " + message);
    }

    void notAHandler(Context context, String text) {
      handled.add("not a handler");
    }
  }

  @Test
  void theMostSpecificHandlerTakesEachMessage() {
    Shapes shapes = new Shapes();
    StatefulFunction function = TypedFunctions.specOf(shapes).supplier().get();

    function.invoke(null, new Square(2));
    function.invoke(null, new Circle(3));
    function.invoke(null, new TypedValue("com.example/User", new byte[0]));
    function.invoke(null, "text");
    function.invoke(null, new Square(4));
    function.invoke(null, 7);

    assertThat(shapes.handled).containsExactly("square 2", "shape Circle[radius=3]", "typed com.example/User",
        "object text", "square 4", "object 7");
  }

  @Test
  void theSpecHasTheAnnotatedTypeAndTheStaticValueSpecsAsDeclaredState() {
    StatefulFunctionSpec spec = TypedFunctions.specOf(new Shapes());

    assertThat(spec.typeName()).isEqualTo(new FunctionType("test", "shapes"));
    assertThat(spec.valueSpecs()).containsExactlyInAnyOrder(Shapes.SEEN, Shapes.LAST);
    assertThat(TypedFunctions.isTypedFunction(new Shapes())).isTrue();
    assertThat(TypedFunctions.isTypedFunction("not one")).isFalse();
  }

  @StatefulFunctionType("test/squares")
  static class Squares {
    @Handler
    void square(Context context, Square square) {}

    @Handler
    void shape(Context context, Shape shape) {}
  }

  @Test
  void aMessageNoHandlerTakesFailsNamingTheFunctionTypeTheMessageTypeAndTheAcceptedTypes() {
    StatefulFunction function = TypedFunctions.specOf(new Squares()).supplier().get();

    assertThatThrownBy(() -> function.invoke(null, "text"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Function type test/squares has no handler for a message of type java.lang.String")
        .hasMessageContaining(Square.class.getName())
        .hasMessageContaining(Shape.class.getName());
  }

  interface Named {}

  record Both(String name) implements Shape, Named {}

  @StatefulFunctionType("test/ambiguous")
  static class Ambiguous {
    @Handler
    void shape(Context context, Shape shape) {}

    @Handler
    void named(Context context, Named named) {}
  }

  @Test
  void aMessageTwoUnrelatedHandlersTakeFailsNamingBoth() {
    StatefulFunction function = TypedFunctions.specOf(new Ambiguous()).supplier().get();

    assertThatThrownBy(() -> function.invoke(null, new Both("x")))
        .hasMessageContaining("several handlers for a message of type " + Both.class.getName())
        .hasMessageContaining(Shape.class.getName())
        .hasMessageContaining(Named.class.getName());
  }

  @StatefulFunctionType("test/twice")
  static class TwoHandlersForOneType {
    @Handler
    void first(Context context, Square square) {}

    @Handler
    void second(Context context, Square square) {}
  }

  @Test
  void twoHandlersForTheSameTypeFailNamingTheClassAndTheMethods() {
    assertThatThrownBy(() -> TypedFunctions.specOf(new TwoHandlersForOneType()))
        .isInstanceOf(StatefunConfigurationException.class)
        .hasMessageContaining(TwoHandlersForOneType.class.getName())
        .hasMessageContaining("first(Context, Square)")
        .hasMessageContaining("second(Context, Square)");
  }

  @StatefulFunctionType("test/wrong")
  static class WrongSignature {
    @Handler
    void handle(Square square) {}
  }

  @StatefulFunctionType("test/returns")
  static class ReturnsAValue {
    @Handler
    String handle(Context context, Square square) {
      return "";
    }
  }

  @StatefulFunctionType("test/primitive")
  static class TakesAPrimitive {
    @Handler
    void handle(Context context, int number) {}
  }

  @Test
  void aHandlerWithAnotherSignatureFailsNamingTheClassAndTheMethod() {
    assertThatThrownBy(() -> TypedFunctions.specOf(new WrongSignature()))
        .isInstanceOf(StatefunConfigurationException.class)
        .hasMessageContaining(WrongSignature.class.getName())
        .hasMessageContaining("handle(Square)")
        .hasMessageContaining("void name(Context context, T message)");
    assertThatThrownBy(() -> TypedFunctions.specOf(new ReturnsAValue()))
        .hasMessageContaining("handle(Context, Square)");
    assertThatThrownBy(() -> TypedFunctions.specOf(new TakesAPrimitive()))
        .hasMessageContaining("handle(Context, int)");
  }

  @StatefulFunctionType("test/none")
  static class NoHandler {}

  @StatefulFunctionType("not-a-type")
  static class InvalidType {
    @Handler
    void handle(Context context, Object message) {}
  }

  @StatefulFunctionType("test/same-state")
  static class SameStateTwice {
    static final ValueSpec<Integer> ONE = ValueSpec.named("count").withIntType();
    static final ValueSpec<Long> TWO = ValueSpec.named("count").withLongType();

    @Handler
    void handle(Context context, Object message) {}
  }

  @Test
  void aClassWithoutHandlersAnInvalidTypeOrAStateNameTwiceFailsNamingTheClass() {
    assertThatThrownBy(() -> TypedFunctions.specOf(new NoHandler()))
        .hasMessageContaining(NoHandler.class.getName()).hasMessageContaining("no @Handler method");
    assertThatThrownBy(() -> TypedFunctions.specOf(new InvalidType()))
        .hasMessageContaining(InvalidType.class.getName()).hasMessageContaining("'not-a-type'");
    assertThatThrownBy(() -> TypedFunctions.specOf(new SameStateTwice()))
        .hasMessageContaining(SameStateTwice.class.getName()).hasMessageContaining("'count'");
  }

  static class Subclass extends Shapes {}

  @Test
  void aSubclassSuchAsAProxyKeepsTheHandlersAndTheTypeOfItsAnnotatedClass() {
    Subclass shapes = new Subclass();
    StatefulFunctionSpec spec = TypedFunctions.specOf(shapes);
    spec.supplier().get().invoke(null, new Square(5));

    assertThat(spec.typeName()).isEqualTo(new FunctionType("test", "shapes"));
    assertThat(shapes.handled).containsExactly("square 5");
  }

  @Test
  void anExceptionOfAHandlerReachesTheCallerAsItIs() {
    @StatefulFunctionType("test/failing")
    class Failing {
      @Handler
      void handle(Context context, String text) {
        throw new IllegalStateException("failed on " + text);
      }
    }
    StatefulFunction function = TypedFunctions.specOf(new Failing()).supplier().get();

    assertThatThrownBy(() -> function.invoke(null, "this")).isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("failed on this");
  }
}
