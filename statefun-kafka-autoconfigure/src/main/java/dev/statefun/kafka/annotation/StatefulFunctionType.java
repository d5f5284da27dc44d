package dev.statefun.kafka.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * A Spring component bound as a function type: its {@link Handler} methods handle the messages,
 * chosen by the message's type, and its static {@link dev.statefun.kafka.sdk.ValueSpec} fields
 * are the state it declares.
 *
 * <pre>{@code
 * @StatefulFunctionType("example/greeter")
 * class Greeter {
 *   static final ValueSpec<Integer> SEEN = ValueSpec.named("seen").withIntType();
 *
 *   @Handler
 *   void greet(Context context, User user) {
 *     int seen = context.storage().get(SEEN).orElse(0) + 1;
 *     context.storage().set(SEEN, seen);
 *     context.send(GREETINGS, new Greeting(user.name(), seen));
 *   }
 *
 *   @Handler
 *   void tick(Context context, Tick tick) { ... }
 * }
 * }</pre>
 *
 * <p>The most specific handler wins: with handlers for {@code User} and {@code Object}, a
 * {@code User} goes to the first and anything else to the second. A message no handler takes
 * fails the invocation. One instance (the bean) serves every address of the type: keep
 * per-address data in state, not in fields. Found by component scanning, the bean is named after
 * its function type.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface StatefulFunctionType {

  /** The function type, {@code namespace/name}; also the name of a scanned bean. */
  @AliasFor(annotation = Component.class)
  String value();
}
