package dev.statefun.kafka.autoconfigure;

import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.util.Arrays;
import org.springframework.beans.factory.ListableBeanFactory;

/** Finds the beans that {@code application.yml} names, with a message listing the candidates. */
final class NamedBeans {

  private final ListableBeanFactory beans;

  NamedBeans(ListableBeanFactory beans) {
    this.beans = beans;
  }

  <T> T get(String propertyPath, String name, Class<T> type) {
    if (name == null || name.isBlank() || !beans.containsBean(name) || !beans.isTypeMatch(name, type)) {
      String[] candidates = beans.getBeanNamesForType(type);
      throw new StatefunConfigurationException(propertyPath,
          name == null || name.isBlank()
              ? "a " + type.getSimpleName() + " bean name is required"
              : "no " + type.getSimpleName() + " bean named '" + name + "'",
          candidates.length == 0
              ? "Define a @Bean of type " + type.getSimpleName() + " and name it here"
              : "Beans of that type are " + Arrays.toString(candidates));
    }
    return beans.getBean(name, type);
  }
}
