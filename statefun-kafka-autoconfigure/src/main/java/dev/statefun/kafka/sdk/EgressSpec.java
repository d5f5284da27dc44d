package dev.statefun.kafka.sdk;

/**
 * Where messages go. Built with an I/O module's builder, e.g.
 * {@code KafkaEgressBuilder.forIdentifier(GREETINGS)...build()}.
 */
public interface EgressSpec<T> {

  EgressIdentifier<T> id();
}
