package dev.statefun.kafka.module;

import java.time.Duration;
import java.util.List;

/**
 * The timeouts of an HTTP endpoint as StateFun's transports took them, each with the YAML node it
 * came from (absent when the default applies), so a wrong value is reported where it is written:
 *
 * <ul>
 *   <li>{@code call}: the whole call, retries included;
 *   <li>{@code connect}: opening a connection;
 *   <li>{@code read}, {@code write}: StateFun's OkHttp timeouts for one socket read or write. The
 *       JDK's HTTP client has neither, so the call timeout bounds them; they are still checked as
 *       StateFun did (positive, at most the call timeout).
 * </ul>
 *
 * Internal.
 */
record EndpointTimeouts(YamlNode callNode, Duration call, YamlNode connectNode, Duration connect) {

  static final List<String> KEYS = List.of("call", "connect", "read", "write");

  /** StateFun's OkHttp transport (endpoint v1, and v2 with {@code io.statefun.transports.v1/okhttp}). */
  static final Duration OKHTTP_CALL = Duration.ofMinutes(1);
  static final Duration OKHTTP_CONNECT = Duration.ofSeconds(10);
  /** StateFun's asynchronous transport without a timeouts block, the default of endpoint v2 since StateFun 3.2. */
  static final Duration ASYNC_CALL = Duration.ofMinutes(2);
  static final Duration ASYNC_CONNECT = Duration.ofSeconds(20);

  /**
   * Reads {@code timeouts: {call, connect, read, write}}; {@code call} and {@code connect} may
   * also stand directly in {@code outer} (the v2 transport's own keys), but not in both places.
   */
  static EndpointTimeouts read(YamlNode outer, YamlNode timeouts, Duration defaultCall, Duration defaultConnect) {
    timeouts.requireMapIfPresent().rejectUnknownKeys(KEYS);
    YamlNode callNode = eitherOf(outer, timeouts, "call");
    YamlNode connectNode = eitherOf(outer, timeouts, "connect");
    Duration call = callNode.isPresent() ? positive(callNode) : defaultCall;
    Duration connect = connectNode.isPresent() ? positive(connectNode) : defaultConnect;
    for (String key : List.of("read", "write")) {
      YamlNode node = timeouts.get(key);
      if (node.isPresent() && positive(node).compareTo(call) > 0) {
        throw node.problem("the " + key + " timeout " + node.string() + " is longer than the call timeout " + call,
            "The call timeout bounds every read and write: make " + key + " at most the call timeout");
      }
    }
    return new EndpointTimeouts(callNode, call, connectNode, connect);
  }

  private static YamlNode eitherOf(YamlNode outer, YamlNode timeouts, String key) {
    if (outer == null || !outer.has(key)) {
      return timeouts.get(key);
    }
    if (timeouts.has(key)) {
      throw timeouts.get(key).problem("the " + key + " timeout is given twice, here and in " + outer.get(key).path(),
          "Keep one of them");
    }
    return outer.get(key);
  }

  private static Duration positive(YamlNode node) {
    Duration duration = ConfigValues.duration(node.location(), node.scalar());
    if (duration.isZero() || duration.isNegative()) {
      throw node.problem("a timeout must be positive, got '" + node.string() + "'", "Write it as 1 min, 10s or 2m");
    }
    return duration;
  }
}
