package dev.statefun.kafka.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Every log event of the JVM while open, with the given loggers lowered to the given level (so
 * what Kafka and Flink log at INFO is seen too); restores the levels on close.
 */
public final class CapturedLogs implements AutoCloseable {

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Map<String, Level> previous = new HashMap<>();
  private final Level level;
  private final String[] loggers;

  private CapturedLogs(Level level, String... loggers) {
    this.level = level;
    this.loggers = loggers;
    attach();
  }

  /** Attaches (again): Spring Boot resets the logging configuration when an application starts. */
  private synchronized void attach() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    for (String name : loggers) {
      Logger logger = context.getLogger(name);
      previous.putIfAbsent(name, logger.getLevel());
      logger.setLevel(level);
    }
    appender.setContext(context);
    appender.start();
    root().detachAppender(appender);
    root().addAppender(appender);
  }

  private static Logger root() {
    return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  /** A listener for the application under test that attaches once Spring Boot configured logging. */
  public ApplicationListener<ApplicationPreparedEvent> listener() {
    return event -> attach();
  }

  public static CapturedLogs at(Level level, String... loggers) {
    return new CapturedLogs(level, loggers);
  }

  public synchronized List<ILoggingEvent> events() {
    return List.copyOf(appender.list);
  }

  /** Every message with its stack trace, one event per line. */
  public String text() {
    return events().stream()
        .map(event -> event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage()
            + (event.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy())))
        .collect(Collectors.joining("\n"));
  }

  @Override
  public void close() {
    root().detachAppender(appender);
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    previous.forEach((name, level) -> context.getLogger(name).setLevel(level));
  }
}
