package dev.statefun.kafka.autoconfigure.typed;

import dev.statefun.kafka.annotation.Handler;
import dev.statefun.kafka.annotation.StatefulFunctionType;
import dev.statefun.kafka.sdk.Context;

/** A typed function found by component scanning. */
@StatefulFunctionType("example/scanned")
public class Scanned {
  @Handler
  void handle(Context context, Object message) {}
}
