package dev.statefun.kafka.sdk;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names one value of a function's state and its type.
 *
 * <pre>{@code
 * ValueSpec<Integer> SEEN = ValueSpec.named("seen").withIntType();
 * ValueSpec<Profile> PROFILE = ValueSpec.named("profile").thatExpireAfterWrite(Duration.ofDays(7)).withType(Profile.class);
 * }</pre>
 *
 * <p>Values of {@link #withType(Class)} are stored as JSON with Jackson; the built-in types use
 * Flink's own serializers.
 */
public final class ValueSpec<T> implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_\\-]*");

  private final String name;
  private final Class<T> type;
  private final Expiration expiration;

  private ValueSpec(String name, Class<T> type, Expiration expiration) {
    this.name = name;
    this.type = Objects.requireNonNull(type, "type");
    this.expiration = expiration;
  }

  /** Starts a spec for the value of this name (letters, digits, '_' and '-'). */
  public static Untyped named(String name) {
    Objects.requireNonNull(name, "name");
    if (!VALID_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Invalid state name '" + name + "': use letters, digits, '_' and '-', starting with a letter or '_'");
    }
    return new Untyped(name, Expiration.none());
  }

  public String name() {
    return name;
  }

  public Class<T> type() {
    return type;
  }

  public Expiration expiration() {
    return expiration;
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof ValueSpec<?> other
            && name.equals(other.name)
            && type.equals(other.type)
            && expiration.equals(other.expiration));
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, expiration);
  }

  @Override
  public String toString() {
    return "ValueSpec{" + name + ": " + type.getName() + (expiration.isNone() ? "" : ", " + expiration) + "}";
  }

  /** A spec with a name and no type yet. */
  public static final class Untyped {
    private final String name;
    private final Expiration expiration;

    private Untyped(String name, Expiration expiration) {
      this.name = name;
      this.expiration = expiration;
    }

    /** The value expires this long after it was last written. */
    public Untyped thatExpireAfterWrite(Duration duration) {
      return new Untyped(name, Expiration.afterWrite(duration));
    }

    /** The value expires this long after it was last read or written. */
    public Untyped thatExpireAfterAccess(Duration duration) {
      return new Untyped(name, Expiration.afterAccess(duration));
    }

    public ValueSpec<Integer> withIntType() {
      return withType(Integer.class);
    }

    public ValueSpec<Long> withLongType() {
      return withType(Long.class);
    }

    public ValueSpec<Double> withDoubleType() {
      return withType(Double.class);
    }

    public ValueSpec<Boolean> withBooleanType() {
      return withType(Boolean.class);
    }

    public ValueSpec<String> withStringType() {
      return withType(String.class);
    }

    public ValueSpec<byte[]> withBytesType() {
      return withType(byte[].class);
    }

    /** Any type Jackson can map (records, POJOs, collections of them). */
    public <T> ValueSpec<T> withType(Class<T> type) {
      return new ValueSpec<>(name, type, expiration);
    }
  }

  /** When a value expires: never, after a write, or after any access. */
  public static final class Expiration implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What resets the expiry clock. */
    public enum Mode {
      NONE,
      AFTER_WRITE,
      AFTER_ACCESS
    }

    private final Mode mode;
    private final Duration duration;

    private Expiration(Mode mode, Duration duration) {
      this.mode = mode;
      this.duration = duration;
    }

    public static Expiration none() {
      return new Expiration(Mode.NONE, Duration.ZERO);
    }

    public static Expiration afterWrite(Duration duration) {
      return new Expiration(Mode.AFTER_WRITE, requirePositive(duration));
    }

    public static Expiration afterAccess(Duration duration) {
      return new Expiration(Mode.AFTER_ACCESS, requirePositive(duration));
    }

    private static Duration requirePositive(Duration duration) {
      if (duration == null || duration.isZero() || duration.isNegative()) {
        throw new IllegalArgumentException("An expiration must be a positive duration, got " + duration);
      }
      return duration;
    }

    public Mode mode() {
      return mode;
    }

    public Duration duration() {
      return duration;
    }

    public boolean isNone() {
      return mode == Mode.NONE;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Expiration other && mode == other.mode && duration.equals(other.duration);
    }

    @Override
    public int hashCode() {
      return 31 * mode.hashCode() + duration.hashCode();
    }

    @Override
    public String toString() {
      return isNone() ? "no expiration" : "expires " + mode.name().toLowerCase().replace('_', ' ') + " " + duration;
    }
  }
}
