package dev.statefun.kafka.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link StatefulFunctionType} class that handles the messages of its second
 * parameter's type: {@code void name(Context context, T message)}. {@code T} may be any message
 * class, an interface, {@link dev.statefun.kafka.sdk.TypedValue} or {@code Object}; the most
 * specific handler for a message's class is chosen.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Handler {}
