package dev.statefun.kafka.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;

/**
 * Reports a {@code statefun.*} duration or number that does not convert as one message naming
 * the property and the forms it takes, ahead of Spring Boot's general binding report. Other
 * binding failures are left to Spring Boot.
 */
class StatefunBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
    String name = cause.getName().toString();
    if (!name.startsWith("statefun.") || cause.getProperty() == null) {
      return null;
    }
    ResolvableType type = cause.getTarget().getType();
    Class<?> target = type.resolve(Object.class);
    String action;
    if (Duration.class.equals(target)) {
      action = "Write a duration as 2m, 20s, 500ms or PT2M (a plain number is milliseconds)";
    } else if (Integer.class.equals(target) || int.class.equals(target) || long.class.equals(target)
        || Long.class.equals(target)) {
      action = "Write a whole number, e.g. 1000";
    } else {
      return null;
    }
    return new FailureAnalysis("Invalid stateful functions configuration at '" + name + "': invalid value '"
        + cause.getProperty().getValue() + "'", action, cause);
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
