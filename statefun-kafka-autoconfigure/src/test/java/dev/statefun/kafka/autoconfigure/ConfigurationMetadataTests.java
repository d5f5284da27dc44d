package dev.statefun.kafka.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The IDE metadata of {@code statefun.*}: every key has a description; every hint names a key
 * that exists (list elements included, as {@code statefun.kafka.ingresses.deserializer}); keys
 * that name beans have {@code spring-bean-reference} hints; keys with fixed values list them.
 */
class ConfigurationMetadataTests {

  static final JsonNode METADATA = read();

  @Test
  void everyKeyHasADescription() {
    List<String> undocumented = new ArrayList<>();
    for (JsonNode property : METADATA.path("properties")) {
      String name = property.path("name").asString();
      if (name.startsWith("statefun.") && property.path("description").asString("").isBlank()) {
        undocumented.add(name);
      }
    }
    assertThat(undocumented).isEmpty();
  }

  @Test
  void everyHintNamesAKeyThatExistsListElementsIncluded() {
    Set<String> keys = keys();
    assertThat(keys).contains("statefun.kafka.ingresses.id", "statefun.kafka.ingresses.startup-position.type",
        "statefun.kafka.egresses.delivery-semantic.transaction-timeout", "statefun.flink.web-ui.address");
    for (JsonNode hint : METADATA.path("hints")) {
      String name = hint.path("name").asString().replaceFirst("\\.(keys|values)$", "");
      assertThat(keys).as("hint " + name).contains(name);
    }
  }

  @Test
  void keysThatNameBeansReferToBeansOfTheirType() throws Exception {
    Map<String, String> expected = Map.of(
        "statefun.kafka.ingresses.deserializer", "dev.statefun.kafka.io.KafkaIngressDeserializer",
        "statefun.kafka.ingresses.router", "dev.statefun.kafka.sdk.Router",
        "statefun.kafka.egresses.serializer", "dev.statefun.kafka.io.KafkaEgressSerializer");
    for (var entry : expected.entrySet()) {
      JsonNode provider = hint(entry.getKey()).path("providers").get(0);
      assertThat(provider.path("name").asString()).isEqualTo("spring-bean-reference");
      String target = provider.path("parameters").path("target").asString();
      assertThat(target).isEqualTo(entry.getValue());
      Class.forName(target);
    }
  }

  @Test
  void keysWithFixedValuesListThem() {
    for (String key : List.of("statefun.kafka.ingresses.startup-position.type",
        "statefun.kafka.ingresses.auto-offset-reset-position", "statefun.kafka.ingresses.on-deserialization-error",
        "statefun.kafka.egresses.delivery-semantic.type", "statefun.flink.restore", "statefun.flink.web-ui.address",
        "statefun.kafka.properties.keys")) {
      assertThat(hint(key).path("values").size()).as(key).isGreaterThan(1);
    }
  }

  static JsonNode hint(String name) {
    for (JsonNode hint : METADATA.path("hints")) {
      if (hint.path("name").asString().equals(name)) {
        return hint;
      }
    }
    throw new AssertionError("no hint for " + name);
  }

  /** Every key of the properties classes, list elements as their list's key plus the element's. */
  static Set<String> keys() {
    Set<String> keys = new TreeSet<>();
    collect("statefun.kafka", StatefunKafkaProperties.class, keys);
    collect("statefun.flink", StatefunFlinkProperties.class, keys);
    return keys;
  }

  static void collect(String prefix, Class<?> type, Set<String> keys) {
    try {
      for (PropertyDescriptor property : Introspector.getBeanInfo(type, Object.class).getPropertyDescriptors()) {
        if (property.getReadMethod() == null) {
          continue;
        }
        String key = prefix + "." + kebab(property.getName());
        keys.add(key);
        Type generic = property.getReadMethod().getGenericReturnType();
        Class<?> element = property.getPropertyType();
        if (List.class.isAssignableFrom(element) && generic instanceof ParameterizedType list) {
          element = (Class<?>) list.getActualTypeArguments()[0];
        }
        if (element.getName().startsWith("dev.statefun") && !element.isEnum()) {
          collect(key, element, keys);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String kebab(String camel) {
    return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
  }

  static JsonNode read() {
    try (InputStream in = ConfigurationMetadataTests.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      return JsonMapper.builder().build().readTree(in);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

}
