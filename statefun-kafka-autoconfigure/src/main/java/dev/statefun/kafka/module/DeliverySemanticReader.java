package dev.statefun.kafka.module;

import dev.statefun.kafka.io.DeliverySemantic;
import dev.statefun.kafka.io.KafkaEgressBuilder;
import dev.statefun.kafka.io.KafkaEgressSpec;
import java.time.Duration;
import java.util.List;

/**
 * Reads an egress's {@code deliverySemantic} as StateFun's documentation writes it:
 *
 * <pre>{@code
 * deliverySemantic:
 *   type: exactly-once                # none | at-least-once | exactly-once
 *   transactionTimeoutMillis: 900000  # or 15min; or transactionTimeout: 15min
 * }</pre>
 *
 * <p>The documentation also shows {@code transactionTimeoutMillis: 15min}: that is 15 minutes
 * here, where StateFun read it as 0. Without a timeout, {@link
 * KafkaEgressSpec#DEFAULT_TRANSACTION_TIMEOUT} applies. Internal.
 */
final class DeliverySemanticReader {

  private DeliverySemanticReader() {}

  static void apply(YamlNode deliverySemantic, KafkaEgressBuilder<?> egress) {
    deliverySemantic.requireMap().rejectUnknownKeys(List.of("type", "transactionTimeoutMillis", "transactionTimeout"));
    YamlNode typeNode = deliverySemantic.get("type");
    DeliverySemantic type;
    try {
      type = DeliverySemantic.fromTypeName(typeNode.string());
    } catch (IllegalArgumentException e) {
      throw typeNode.invalidValue(DeliverySemantic.typeNames());
    }
    Duration transactionTimeout = transactionTimeout(deliverySemantic);
    switch (type) {
      case NONE -> egress.withNoProducerSemantics();
      case AT_LEAST_ONCE -> egress.withAtLeastOnceProducerSemantics();
      case EXACTLY_ONCE -> egress.withExactlyOnceProducerSemantics(transactionTimeout);
    }
  }

  private static Duration transactionTimeout(YamlNode deliverySemantic) {
    YamlNode millis = deliverySemantic.get("transactionTimeoutMillis");
    YamlNode duration = deliverySemantic.get("transactionTimeout");
    if (millis.isPresent() && duration.isPresent()) {
      throw duration.problem("both transactionTimeoutMillis and transactionTimeout are given", "Keep one of them");
    }
    YamlNode timeout = millis.isPresent() ? millis : duration;
    if (!timeout.isPresent()) {
      return KafkaEgressSpec.DEFAULT_TRANSACTION_TIMEOUT;
    }
    Duration parsed = ConfigValues.duration(timeout.location(), timeout.scalar());
    if (parsed.isZero() || parsed.isNegative()) {
      throw timeout.problem("the transaction timeout must be positive, got '" + timeout.string() + "'",
          "Write it as 15min, PT15M, or milliseconds such as 900000");
    }
    return parsed;
  }
}
