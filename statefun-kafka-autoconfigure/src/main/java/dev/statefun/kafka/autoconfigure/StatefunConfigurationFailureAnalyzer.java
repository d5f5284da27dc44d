package dev.statefun.kafka.autoconfigure;

import dev.statefun.kafka.sdk.StatefunConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a stateful functions configuration mistake as one message naming the property and the fix. */
class StatefunConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<StatefunConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, StatefunConfigurationException cause) {
    String action = cause.action().isEmpty() ? "Update " + cause.location() + " in your configuration." : cause.action();
    return new FailureAnalysis("Invalid stateful functions configuration at '" + cause.location() + "': "
        + cause.problem(), action, cause);
  }
}
