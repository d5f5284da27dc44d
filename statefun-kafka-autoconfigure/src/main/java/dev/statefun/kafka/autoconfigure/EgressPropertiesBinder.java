package dev.statefun.kafka.autoconfigure;

import dev.statefun.kafka.io.DeliverySemantic;
import dev.statefun.kafka.io.KafkaEgressBuilder;
import dev.statefun.kafka.io.KafkaEgressSerializer;
import dev.statefun.kafka.io.KafkaEgressSpec;
import dev.statefun.kafka.module.ConfigValues;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.time.Duration;

/**
 * Turns one {@code statefun.kafka.egresses[n]} entry into a {@link KafkaEgressSpec}; every
 * mistake names its property path and what is valid there.
 */
final class EgressPropertiesBinder {

  private final NamedBeans beans;

  EgressPropertiesBinder(NamedBeans beans) {
    this.beans = beans;
  }

  @SuppressWarnings("unchecked")
  KafkaEgressSpec<Object> bind(String path, StatefunKafkaProperties.Egress egress) {
    FunctionType parsed = IngressPropertiesBinder.functionType(path + ".id", egress.getId(), "an egress id");
    KafkaEgressBuilder<Object> builder = KafkaEgressBuilder.forIdentifier(
        new EgressIdentifier<>(parsed.namespace(), parsed.name(), Object.class));
    if (egress.getAddress() != null) {
      builder.withKafkaAddress(egress.getAddress());
    }
    if (egress.getSerializer() != null) {
      builder.withSerializer(beans.get(path + ".serializer", egress.getSerializer(), KafkaEgressSerializer.class));
    }
    if (egress.getTopic() != null) {
      builder.withDefaultTopic(egress.getTopic());
    }
    if (egress.getKeyProperty() != null) {
      if (egress.getSerializer() != null || egress.getTopic() == null) {
        throw new StatefunConfigurationException(path + ".key-property",
            "a key property applies only to a generic egress (no serializer) with a topic",
            "Set " + path + ".topic and leave out " + path + ".serializer, or drop " + path + ".key-property");
      }
      builder.withKeyProperty(egress.getKeyProperty());
    }
    StatefunKafkaProperties.DeliverySemantic semantic = egress.getDeliverySemantic();
    DeliverySemantic type;
    try {
      type = DeliverySemantic.fromTypeName(semantic.getType());
    } catch (IllegalArgumentException e) {
      throw StatefunConfigurationException.invalidValue(path + ".delivery-semantic.type", semantic.getType(),
          DeliverySemantic.typeNames());
    }
    switch (type) {
      case NONE -> builder.withNoProducerSemantics();
      case AT_LEAST_ONCE -> builder.withAtLeastOnceProducerSemantics();
      case EXACTLY_ONCE -> builder.withExactlyOnceProducerSemantics(transactionTimeout(path + ".delivery-semantic",
          semantic));
    }
    egress.getProperties().forEach(builder::withProperty);
    return builder.build();
  }

  private static Duration transactionTimeout(String path, StatefunKafkaProperties.DeliverySemantic semantic) {
    if (semantic.getTransactionTimeout() != null) {
      return ConfigValues.duration(path + ".transaction-timeout", semantic.getTransactionTimeout());
    }
    if (semantic.getTransactionTimeoutMillis() != null) {
      return ConfigValues.duration(path + ".transaction-timeout-millis", semantic.getTransactionTimeoutMillis());
    }
    return KafkaEgressSpec.DEFAULT_TRANSACTION_TIMEOUT;
  }
}
