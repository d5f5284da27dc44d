package dev.statefun.kafka.sdk;

import java.util.Collection;
import java.util.Objects;

/**
 * A configuration mistake, found before the job starts. It names where the setting lives (a
 * property path such as {@code statefun.kafka.ingresses[0].deserializer}, a module file and
 * YAML path, or a builder method) and what is expected there.
 */
public class StatefunConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String location;
  private final String problem;
  private final String action;

  public StatefunConfigurationException(String location, String problem, String action) {
    super(location + ": " + problem + (action == null || action.isEmpty() ? "" : ". " + action));
    this.location = Objects.requireNonNull(location, "location");
    this.problem = Objects.requireNonNull(problem, "problem");
    this.action = action == null ? "" : action;
  }

  public StatefunConfigurationException(String location, String problem) {
    this(location, problem, "");
  }

  /** A mistake whose fix is to pick one of the valid values. */
  public static StatefunConfigurationException invalidValue(
      String location, Object value, Collection<?> validValues) {
    return new StatefunConfigurationException(
        location,
        "invalid value '" + value + "'",
        "Valid values are " + validValues);
  }

  /** The property path, module location or builder method that holds the mistake. */
  public String location() {
    return location;
  }

  /** What is wrong. */
  public String problem() {
    return problem;
  }

  /** What to change; may be empty. */
  public String action() {
    return action;
  }
}
