package dev.statefun.kafka.sample;

import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Publishes a user every so often and logs the greetings that come back, so a person sees it work. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(prefix = "sample.generator", name = "enabled", havingValue = "true", matchIfMissing = true)
@Profile("!statefun-taskmanager") // not in the copies of the app that TaskManagers start in remote mode
class UserGenerator {

  private static final Logger LOG = LoggerFactory.getLogger(UserGenerator.class);
  private static final String[] NAMES = {"alice", "bob", "carol", "dave", "erin", "frank"};

  private final KafkaTemplate<String, String> users;

  UserGenerator(KafkaTemplate<String, String> users) {
    this.users = users;
  }

  @Bean
  NewTopic usersTopic() {
    return TopicBuilder.name("users").partitions(2).replicas(1).build();
  }

  @Bean
  NewTopic greetingsTopic() {
    return TopicBuilder.name("greetings").partitions(2).replicas(1).build();
  }

  @Scheduled(fixedRateString = "${sample.generator.interval:1s}", initialDelayString = "${sample.generator.initial-delay:2s}")
  void publishUser() {
    String name = NAMES[ThreadLocalRandom.current().nextInt(NAMES.length)];
    users.send("users", name, "{\"name\":\"" + name + "\"}");
  }

  @KafkaListener(topics = "greetings", groupId = "sample-greetings-reader",
      properties = {"isolation.level=read_committed", "auto.offset.reset=latest"})
  void logGreeting(String greeting) {
    LOG.info("greeting: {}", greeting);
  }
}
