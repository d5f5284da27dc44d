package dev.statefun.kafka.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.io.KafkaEgressSpec;
import dev.statefun.kafka.io.KafkaIngressSpec;
import dev.statefun.kafka.runtime.KafkaClientSettings;
import dev.statefun.kafka.runtime.KafkaSecrets;
import dev.statefun.kafka.runtime.egress.KafkaSinkFactory;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Which Kafka client settings every client gets: an ingress's or egress's own properties over
 * {@code statefun.kafka.properties} over Spring Boot's {@code spring.kafka.*}; and which of them
 * are secrets.
 */
class KafkaClientSettingsTests {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, StatefunKafkaAutoConfiguration.class))
      .withUserConfiguration(StatefunKafkaAutoConfigurationTests.GreeterBeans.class)
      .withPropertyValues(StatefunKafkaAutoConfigurationTests.GREETER);

  @Test
  void springBootsKafkaSettingsApplyUnlessStatefunKafkaPropertiesOrTheClientsOwnSaySo() {
    runner.withPropertyValues(
            "spring.kafka.security.protocol=SASL_SSL",
            "spring.kafka.properties.sasl.mechanism=SCRAM-SHA-256",
            "spring.kafka.properties.client.dns.lookup=use_all_dns_ips",
            "spring.kafka.ssl.trust-store-type=PKCS12",
            "statefun.kafka.properties.sasl.mechanism=SCRAM-SHA-512",
            "statefun.kafka.properties.request.timeout.ms=20000",
            "statefun.kafka.egresses[0].properties.request.timeout.ms=30000")
        .run(context -> {
          StatefulFunctionsUniverse universe = context.getBean(StatefulFunctionsUniverse.class);
          Map<String, String> shared = universe.kafkaClientSettings().asMap();
          assertThat(shared).containsEntry("security.protocol", "SASL_SSL")
              .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
              .containsEntry("client.dns.lookup", "use_all_dns_ips")
              .containsEntry("ssl.truststore.type", "PKCS12")
              .containsEntry("request.timeout.ms", "20000");

          KafkaEgressSpec<?> egress = universe.egresses().iterator().next();
          Properties producer = KafkaSinkFactory.producerProperties(egress, "broker:9092", universe.kafkaClientSettings());
          assertThat(producer).containsEntry("request.timeout.ms", "30000").containsEntry("security.protocol", "SASL_SSL")
              .containsEntry("bootstrap.servers", "broker:9092");
          KafkaIngressSpec<?> ingress = universe.ingresses().iterator().next();
          assertThat(universe.kafkaClientSettings().admin("broker:9092", ingress.properties()))
              .containsEntry("sasl.mechanism", "SCRAM-SHA-512").doesNotContainKey("max.poll.records");
        });
  }

  @Test
  void withoutAnyKafkaSettingTheClientsGetNone() {
    runner.run(context -> assertThat(context.getBean(StatefulFunctionsUniverse.class).kafkaClientSettings().asMap())
        .doesNotContainKeys("security.protocol", "sasl.mechanism"));
  }

  @Test
  void secretsAreMaskedAndEverythingElseShown() {
    KafkaClientSettings settings = KafkaClientSettings.of(Map.of(
        "sasl.jaas.config", "PlainLoginModule required password=\"p\";",
        "ssl.keystore.key", "-----BEGIN PRIVATE KEY-----",
        "ssl.truststore.password", "t",
        "basic.auth.user.info", "u:p",
        "sasl.oauthbearer.token.endpoint.url", "https://idp/token",
        "security.protocol", "SASL_SSL"));
    assertThat(KafkaSecrets.sanitized(settings.asMap()))
        .containsEntry("sasl.jaas.config", "******").containsEntry("ssl.keystore.key", "******")
        .containsEntry("ssl.truststore.password", "******").containsEntry("basic.auth.user.info", "******")
        .containsEntry("security.protocol", "SASL_SSL");
    assertThat(settings.toString()).doesNotContain("password=\"p\"", "PRIVATE KEY");
  }
}
