package dev.statefun.kafka.test.scenario;

import dev.statefun.kafka.sdk.Context;
import dev.statefun.kafka.sdk.EgressIdentifier;

/** The scenarios' output: one line per step, {@code <address>|<address> <text>}, keyed by the address. */
public final class Lines {

  public static final EgressIdentifier<String> OUT = new EgressIdentifier<>("scenario", "out", String.class);

  private Lines() {}

  static void write(Context context, String text) {
    context.send(OUT, context.self() + "|" + context.self() + " " + text);
  }

  /** The line without its key: what a reader of the output topic sees as the value. */
  public static String value(String line) {
    return line.substring(line.indexOf('|') + 1);
  }
}
