package dev.statefun.kafka.io;

import java.io.Serializable;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * Where an ingress starts reading on a fresh start. A job restored from a checkpoint or
 * savepoint continues from the offsets in it instead.
 *
 * <pre>{@code
 * KafkaIngressStartupPosition.fromGroupOffsets();   // the default
 * KafkaIngressStartupPosition.fromEarliest();
 * KafkaIngressStartupPosition.fromLatest();
 * KafkaIngressStartupPosition.fromSpecificOffsets(Map.of(new TopicPartition("users", 0), 91L));
 * KafkaIngressStartupPosition.fromDate(ZonedDateTime.parse("2020-02-01T04:15:00Z"));
 * }</pre>
 *
 * <p>A start offset that is missing or out of range falls back to the ingress's
 * {@link KafkaIngressAutoResetPosition}.
 */
public abstract class KafkaIngressStartupPosition implements Serializable {

  private static final long serialVersionUID = 1L;

  private KafkaIngressStartupPosition() {}

  /** The offsets committed by the consumer group; the default. */
  public static KafkaIngressStartupPosition fromGroupOffsets() {
    return GroupOffsets.INSTANCE;
  }

  /** The earliest offset of every partition. */
  public static KafkaIngressStartupPosition fromEarliest() {
    return Earliest.INSTANCE;
  }

  /** The end of every partition: only records written from now on. */
  public static KafkaIngressStartupPosition fromLatest() {
    return Latest.INSTANCE;
  }

  /**
   * The given offset per partition; a partition absent from the map starts at the group's
   * committed offset, then at the auto-reset position.
   */
  public static KafkaIngressStartupPosition fromSpecificOffsets(Map<TopicPartition, Long> offsets) {
    Objects.requireNonNull(offsets, "offsets");
    offsets.forEach((partition, offset) -> {
      if (offset == null || offset < 0) {
        throw new IllegalArgumentException(
            "Invalid offset " + offset + " for partition " + partition + ": offsets must be 0 or greater");
      }
    });
    return new SpecificOffsets(offsets);
  }

  /** The first record whose timestamp is at or after the date, per partition. */
  public static KafkaIngressStartupPosition fromDate(ZonedDateTime date) {
    return new Date(Objects.requireNonNull(date, "date"));
  }

  /** The name used in configuration, e.g. {@code group-offsets}. */
  public abstract String typeName();

  public boolean isGroupOffsets() {
    return this instanceof GroupOffsets;
  }

  public boolean isEarliest() {
    return this instanceof Earliest;
  }

  public boolean isLatest() {
    return this instanceof Latest;
  }

  public boolean isSpecificOffsets() {
    return this instanceof SpecificOffsets;
  }

  public boolean isDate() {
    return this instanceof Date;
  }

  /** The offsets of a specific-offsets position. */
  public Map<TopicPartition, Long> specificOffsets() {
    if (this instanceof SpecificOffsets specific) {
      return specific.offsets;
    }
    throw new IllegalStateException("Not a specific-offsets startup position: " + this);
  }

  /** The date of a date position. */
  public ZonedDateTime date() {
    if (this instanceof Date dated) {
      return dated.date;
    }
    throw new IllegalStateException("Not a date startup position: " + this);
  }

  @Override
  public String toString() {
    return typeName();
  }

  private static final class GroupOffsets extends KafkaIngressStartupPosition {
    private static final long serialVersionUID = 1L;
    static final GroupOffsets INSTANCE = new GroupOffsets();

    @Override
    public String typeName() {
      return "group-offsets";
    }

    private Object readResolve() {
      return INSTANCE;
    }
  }

  private static final class Earliest extends KafkaIngressStartupPosition {
    private static final long serialVersionUID = 1L;
    static final Earliest INSTANCE = new Earliest();

    @Override
    public String typeName() {
      return "earliest";
    }

    private Object readResolve() {
      return INSTANCE;
    }
  }

  private static final class Latest extends KafkaIngressStartupPosition {
    private static final long serialVersionUID = 1L;
    static final Latest INSTANCE = new Latest();

    @Override
    public String typeName() {
      return "latest";
    }

    private Object readResolve() {
      return INSTANCE;
    }
  }

  private static final class SpecificOffsets extends KafkaIngressStartupPosition {
    private static final long serialVersionUID = 1L;
    private final Map<TopicPartition, Long> offsets;

    SpecificOffsets(Map<TopicPartition, Long> offsets) {
      this.offsets = Collections.unmodifiableMap(new LinkedHashMap<>(offsets));
    }

    @Override
    public String typeName() {
      return "specific-offsets";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SpecificOffsets other && offsets.equals(other.offsets);
    }

    @Override
    public int hashCode() {
      return offsets.hashCode();
    }

    @Override
    public String toString() {
      return "specific-offsets " + offsets;
    }
  }

  private static final class Date extends KafkaIngressStartupPosition {
    private static final long serialVersionUID = 1L;
    private final ZonedDateTime date;

    Date(ZonedDateTime date) {
      this.date = date;
    }

    @Override
    public String typeName() {
      return "date";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Date other && date.toInstant().equals(other.date.toInstant());
    }

    @Override
    public int hashCode() {
      return date.toInstant().hashCode();
    }

    @Override
    public String toString() {
      return "date " + date;
    }
  }
}
