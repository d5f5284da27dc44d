package dev.statefun.kafka.egress;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.statefun.kafka.runtime.KafkaClientSettings;
import dev.statefun.kafka.io.KafkaEgressBuilder;
import dev.statefun.kafka.io.KafkaEgressSpec;
import dev.statefun.kafka.runtime.KafkaProperties;
import dev.statefun.kafka.runtime.egress.KafkaSinkFactory;
import dev.statefun.kafka.sdk.EgressIdentifier;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The producer properties an egress's Kafka sink gets: the user's pass through, named settings win, loudly. */
class KafkaEgressProducerPropertiesTest {

  static final EgressIdentifier<String> OUT = new EgressIdentifier<>("test", "out", String.class);

  @Test
  void userPropertiesPassThroughAndNamedSettingsWinWithAWarning() {
    KafkaEgressSpec<String> spec = KafkaEgressBuilder.forIdentifier(OUT)
        .withExactlyOnceProducerSemantics(Duration.ofMinutes(5))
        .withProperty("linger.ms", "50")
        .withProperty("compression.type", "zstd")
        .withProperty("security.protocol", "SASL_SSL")
        .withProperty("bootstrap.servers", "elsewhere:9092")
        .withProperty("transaction.timeout.ms", "1000")
        .build();
    ListAppender<ILoggingEvent> log = capture();

    Properties properties = KafkaSinkFactory.producerProperties(spec, "broker:9092", KafkaClientSettings.none());

    assertThat(properties)
        .containsEntry("linger.ms", "50")
        .containsEntry("compression.type", "zstd")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("bootstrap.servers", "broker:9092")
        .containsEntry("transaction.timeout.ms", "300000");
    assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).containsExactlyInAnyOrder(
        "Property bootstrap.servers of egress test/out is provided but will be overridden from elsewhere:9092 to broker:9092",
        "Property transaction.timeout.ms of egress test/out is provided but will be overridden from 1000 to 300000");
  }

  @Test
  void lingerDefaultsToFiveMillisecondsAndOnlyExactlyOnceSetsATransactionTimeout() {
    KafkaEgressSpec<String> spec = KafkaEgressBuilder.forIdentifier(OUT).withAtLeastOnceProducerSemantics().build();

    Properties properties = KafkaSinkFactory.producerProperties(spec, "broker:9092", KafkaClientSettings.none());

    assertThat(properties).containsEntry("linger.ms", "5")
        .doesNotContainKey("batch.size")
        .doesNotContainKey("transaction.timeout.ms");
  }

  @Test
  void exactlyOnceBatchesMoreByDefaultUnlessTheUserSaysOtherwise() {
    KafkaEgressSpec<String> defaults = KafkaEgressBuilder.forIdentifier(OUT)
        .withExactlyOnceProducerSemantics(Duration.ofMinutes(5)).build();
    KafkaEgressSpec<String> own = KafkaEgressBuilder.forIdentifier(OUT)
        .withExactlyOnceProducerSemantics(Duration.ofMinutes(5))
        .withProperty("linger.ms", "0")
        .withProperty("batch.size", "16384")
        .build();

    assertThat(KafkaSinkFactory.producerProperties(defaults, "broker:9092", KafkaClientSettings.none()))
        .containsEntry("linger.ms", "50")
        .containsEntry("batch.size", "131072");
    assertThat(KafkaSinkFactory.producerProperties(own, "broker:9092", KafkaClientSettings.none()))
        .containsEntry("linger.ms", "0")
        .containsEntry("batch.size", "16384");
  }

  private static ListAppender<ILoggingEvent> capture() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger(KafkaProperties.class)).addAppender(appender);
    return appender;
  }
}
