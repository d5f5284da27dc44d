package dev.statefun.kafka.module;

import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the values StateFun's documentation shows, as a reader expects them: durations like
 * {@code 15m}, {@code PT15M}, {@code 15min} or plain milliseconds; dates like the documented
 * {@code 2020-02-01 04:15:00.00 Z}, StateFun's {@code yyyy-MM-dd HH:mm:ss.SSS Z} or ISO-8601;
 * partitions as {@code topic/partition}. Every error names the location.
 */
public final class ConfigValues {

  /** Flink's duration syntax ({@code TimeUtils}): a number, optional blanks, a unit in any case; a few more plurals. */
  private static final Pattern DURATION = Pattern.compile(
      "(\\d+)\\s*(ns|nanos?|nanoseconds?|µs|us|micros?|microseconds?|ms|millis?|milliseconds?|s|secs?|seconds?"
          + "|m|mins?|minutes?|h|hours?|d|days?)",
      Pattern.CASE_INSENSITIVE);

  /** {@code yyyy-MM-dd HH:mm:ss[.fraction] Z}, fraction of 0 to 9 digits, zone as Z, +01:00, +0100 or a region. */
  private static final DateTimeFormatter STATEFUN_DATE = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .appendLiteral(' ')
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .optionalStart().appendZoneRegionId().optionalEnd()
      .toFormatter(Locale.ROOT);

  private ConfigValues() {}

  /**
   * A duration: {@code 15m}, {@code 15min}, {@code 15 minutes}, {@code 900s}, {@code 10 sec},
   * {@code PT15M}, or a number of milliseconds: what Flink's and StateFun's configuration read.
   */
  public static Duration duration(String location, Object value) {
    String text = String.valueOf(value).trim();
    if (text.matches("\\d+")) {
      return Duration.ofMillis(Long.parseLong(text));
    }
    if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        return Duration.parse(text.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw invalidDuration(location, text);
      }
    }
    Matcher matcher = DURATION.matcher(text);
    if (!matcher.matches()) {
      throw invalidDuration(location, text);
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2).toLowerCase(Locale.ROOT);
    if (unit.startsWith("ms") || unit.startsWith("milli")) {
      return Duration.ofMillis(amount);
    }
    if (unit.startsWith("µs") || unit.startsWith("us") || unit.startsWith("micro")) {
      return Duration.ofNanos(amount * 1000);
    }
    if (unit.startsWith("n")) {
      return Duration.ofNanos(amount);
    }
    return switch (unit.charAt(0)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      case 'h' -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  private static StatefunConfigurationException invalidDuration(String location, String text) {
    return new StatefunConfigurationException(location, "invalid duration '" + text + "'",
        "Write it as 15m, 15min, 15 minutes, 900s, PT15M, or milliseconds such as 900000");
  }

  /** A date: {@code 2020-02-01 04:15:00.00 Z}, {@code 2020-02-01 04:15:00.000 +0000}, or ISO-8601. */
  public static ZonedDateTime date(String location, Object value) {
    String text = String.valueOf(value).trim();
    try {
      return ZonedDateTime.parse(text, STATEFUN_DATE);
    } catch (DateTimeParseException notStatefun) {
      try {
        return ZonedDateTime.parse(text, DateTimeFormatter.ISO_DATE_TIME);
      } catch (DateTimeParseException notIso) {
        throw new StatefunConfigurationException(location, "invalid date '" + text + "'",
            "Write it as 2020-02-01 04:15:00.00 Z, 2020-02-01 04:15:00.000 +0000, or ISO-8601 such as "
                + "2020-02-01T04:15:00Z");
      }
    }
  }

  /** A partition written {@code topic/partition}. */
  public static TopicPartition topicPartition(String location, String text) {
    int slash = text.lastIndexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      throw new StatefunConfigurationException(location, "invalid partition '" + text + "'",
          "Write each partition as topic/partition, e.g. users/0");
    }
    try {
      int partition = Integer.parseInt(text.substring(slash + 1));
      if (partition < 0) {
        throw new NumberFormatException();
      }
      return new TopicPartition(text.substring(0, slash), partition);
    } catch (NumberFormatException e) {
      throw new StatefunConfigurationException(location, "invalid partition number in '" + text + "'",
          "Write each partition as topic/partition, e.g. users/0");
    }
  }

  /** An offset: a whole number, 0 or greater. */
  public static long offset(String location, Object value) {
    try {
      long offset = Long.parseLong(String.valueOf(value).trim());
      if (offset >= 0) {
        return offset;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new StatefunConfigurationException(location, "invalid offset '" + value + "'",
        "An offset is a whole number, 0 or greater");
  }
}
