package dev.statefun.kafka.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A greeter: a generator publishes users, a stateful function counts each user's visits and
 * sends a greeting, exactly once, and a listener logs the greetings.
 */
@SpringBootApplication
public class SampleApplication {

  public static void main(String[] args) {
    SpringApplication.run(SampleApplication.class, args);
  }
}
