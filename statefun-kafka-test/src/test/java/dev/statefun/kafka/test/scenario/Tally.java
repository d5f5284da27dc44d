package dev.statefun.kafka.test.scenario;

import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import dev.statefun.kafka.sdk.ValueSpec;

/** The lambda-form function of the scenarios: counts the rings of its reminder and answers with the total. */
public final class Tally {

  public static final FunctionType TYPE = new FunctionType("scenario", "tally");
  public static final ValueSpec<Integer> TOTAL = ValueSpec.named("total").withIntType();

  private Tally() {}

  public static StatefulFunctionSpec spec() {
    return StatefulFunctionSpec.builder(TYPE).withValueSpecs(TOTAL).withSupplier(() -> (context, input) -> {
      Reminders.Ring ring = (Reminders.Ring) input;
      int total = context.storage().get(TOTAL).orElse(0) + 1;
      context.storage().set(TOTAL, total);
      Lines.write(context, "counted " + ring.label());
      context.send(context.caller().orElseThrow(), new Reminders.Total(total));
    }).build();
  }
}
