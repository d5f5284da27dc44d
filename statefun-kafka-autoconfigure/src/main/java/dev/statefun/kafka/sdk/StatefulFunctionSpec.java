package dev.statefun.kafka.sdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Registers a function type: the supplier of its instance and the state it declares. As a
 * Spring {@code @Bean} it is picked up by the starter.
 *
 * <pre>{@code
 * @Bean
 * StatefulFunctionSpec greeter() {
 *   return StatefulFunctionSpec.builder(new FunctionType("example", "greeter"))
 *       .withValueSpecs(Greeter.SEEN)
 *       .withSupplier(Greeter::new)
 *       .build();
 * }
 * }</pre>
 *
 * <p>Declaring value specs is optional: undeclared ones are created on first use. Declared ones
 * are checked when the job starts and carry their expiration.
 */
public final class StatefulFunctionSpec {

  private final FunctionType type;
  private final List<ValueSpec<?>> valueSpecs;
  private final Supplier<? extends StatefulFunction> supplier;

  private StatefulFunctionSpec(
      FunctionType type, List<ValueSpec<?>> valueSpecs, Supplier<? extends StatefulFunction> supplier) {
    this.type = type;
    this.valueSpecs = Collections.unmodifiableList(valueSpecs);
    this.supplier = supplier;
  }

  public static Builder builder(FunctionType type) {
    return new Builder(Objects.requireNonNull(type, "type"));
  }

  public FunctionType typeName() {
    return type;
  }

  public List<ValueSpec<?>> valueSpecs() {
    return valueSpecs;
  }

  public Supplier<? extends StatefulFunction> supplier() {
    return supplier;
  }

  @Override
  public String toString() {
    return "StatefulFunctionSpec{" + type + ", " + valueSpecs + "}";
  }

  /** Builds a {@link StatefulFunctionSpec}. */
  public static final class Builder {
    private final FunctionType type;
    private final List<ValueSpec<?>> valueSpecs = new ArrayList<>();
    private Supplier<? extends StatefulFunction> supplier;

    private Builder(FunctionType type) {
      this.type = type;
    }

    public Builder withValueSpec(ValueSpec<?> spec) {
      for (ValueSpec<?> declared : valueSpecs) {
        if (declared.name().equals(spec.name())) {
          throw new IllegalArgumentException(
              "Function type " + type + " declares the state '" + spec.name() + "' twice");
        }
      }
      valueSpecs.add(spec);
      return this;
    }

    public Builder withValueSpecs(ValueSpec<?>... specs) {
      for (ValueSpec<?> spec : specs) {
        withValueSpec(spec);
      }
      return this;
    }

    public Builder withSupplier(Supplier<? extends StatefulFunction> supplier) {
      this.supplier = Objects.requireNonNull(supplier, "supplier");
      return this;
    }

    public StatefulFunctionSpec build() {
      if (supplier == null) {
        throw new IllegalStateException(
            "StatefulFunctionSpec for " + type + " needs a supplier: call withSupplier(...) before build()");
      }
      return new StatefulFunctionSpec(type, new ArrayList<>(valueSpecs), supplier);
    }
  }
}
