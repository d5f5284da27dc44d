package dev.statefun.kafka.sdk;

/**
 * Where messages come from. Built with an I/O module's builder, e.g.
 * {@code KafkaIngressBuilder.forIdentifier(USERS)...build()}.
 */
public interface IngressSpec<T> {

  IngressIdentifier<T> id();
}
