package dev.statefun.kafka.test.scenario;

/** Output lines start with the writing address, {@code namespace/name/id}. */
final class ScenarioLines {

  private ScenarioLines() {}

  static boolean ofPrefix(String line, String idPrefix) {
    String address = line.substring(0, line.indexOf(' '));
    return address.substring(address.lastIndexOf('/') + 1).startsWith(idPrefix);
  }
}
