package dev.statefun.kafka.module;

import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One value of a module YAML file, as Jackson read it (a map, a list, a scalar or absent), with
 * the file name and the YAML path that lead to it, so every mistake is reported where it is:
 * {@code module.yaml: spec.ingresses[0].ingress.spec.startupPosition.type}. Internal.
 */
final class YamlNode {

  private final String file;
  private final String path;
  private final Object value;

  private YamlNode(String file, String path, Object value) {
    this.file = file;
    this.path = path;
    this.value = value;
  }

  /** The root of one YAML document of the named file. */
  static YamlNode root(String file, Object value) {
    return new YamlNode(file, "", value);
  }

  /** {@code <file>: <yaml path>}, as error messages name it. */
  String location() {
    return path.isEmpty() ? file : file + ": " + path;
  }

  String path() {
    return path;
  }

  boolean isPresent() {
    return value != null;
  }

  boolean isMap() {
    return value instanceof Map<?, ?>;
  }

  /** The value under this key of a map; absent when there is none, or when this is absent. */
  YamlNode get(String key) {
    Object child = isMap() ? ((Map<?, ?>) value).get(key) : null;
    if (value != null && !isMap()) {
      throw problem("expected a mapping with '" + key + "', found " + describe(value),
          "Indent the keys under " + (path.isEmpty() ? "the document" : "'" + path + "'"));
    }
    return new YamlNode(file, path.isEmpty() ? key : path + "." + key, child);
  }

  boolean has(String key) {
    return isMap() && ((Map<?, ?>) value).get(key) != null;
  }

  /** The keys of a map; empty when absent. */
  Set<String> keys() {
    if (value == null) {
      return Set.of();
    }
    requireMap();
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) value;
    return map.keySet();
  }

  /** Fails on any key not in {@code valid}, naming the valid ones. */
  YamlNode rejectUnknownKeys(Collection<String> valid) {
    for (String key : keys()) {
      if (!valid.contains(key)) {
        YamlNode unknown = get(key);
        throw unknown.problem("unknown key '" + key + "'", "Valid keys here are " + valid);
      }
    }
    return this;
  }

  /** A scalar, as text; fails when absent or not a scalar. */
  String string() {
    if (value == null) {
      throw problem("a value is required here", "");
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      throw problem("expected a single value, found " + describe(value), "");
    }
    String text = String.valueOf(value).trim();
    if (text.isEmpty()) {
      throw problem("a value is required here, found an empty one", "");
    }
    return text;
  }

  Optional<String> optionalString() {
    return isPresent() ? Optional.of(string()) : Optional.empty();
  }

  /** The raw scalar (a String, a number, a boolean), for {@link ConfigValues}. */
  Object scalar() {
    string();
    return value;
  }

  /** The items of a list, each with its path; empty when absent. */
  List<YamlNode> list() {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> items)) {
      throw problem("expected a list, found " + describe(value), "Write each item on its own line starting with '- '");
    }
    List<YamlNode> nodes = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      nodes.add(new YamlNode(file, path + "[" + i + "]", items.get(i)));
    }
    return nodes;
  }

  /**
   * Key-value entries written either as a map or, as StateFun's documentation writes them, as a
   * list of single-key maps ({@code - foo.config: bar}); each value keeps its own path.
   */
  List<Map.Entry<String, YamlNode>> entries() {
    List<Map.Entry<String, YamlNode>> entries = new ArrayList<>();
    if (value instanceof List<?>) {
      for (YamlNode item : list()) {
        if (!item.isMap() || item.keys().size() != 1) {
          throw item.problem("expected a single 'key: value' pair, found " + describe(item.value),
              "Write each entry as '- key: value'");
        }
        String key = item.keys().iterator().next();
        entries.add(Map.entry(key, item.get(key)));
      }
    } else {
      for (String key : keys()) {
        entries.add(Map.entry(key, get(key)));
      }
    }
    return entries;
  }

  YamlNode requireMap() {
    if (!isMap()) {
      throw problem(value == null ? "a mapping is required here" : "expected a mapping, found " + describe(value),
          "");
    }
    return this;
  }

  /** This node when absent or a mapping; fails otherwise. */
  YamlNode requireMapIfPresent() {
    return isPresent() ? requireMap() : this;
  }

  /** A whole number, at least {@code min}; fails naming this node otherwise. */
  int integer(int min) {
    String text = string();
    try {
      int number = Integer.parseInt(text);
      if (number >= min) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw problem("expected a whole number of at least " + min + ", found '" + text + "'", "");
  }

  StatefunConfigurationException problem(String problem, String action) {
    return new StatefunConfigurationException(location(), problem, action);
  }

  StatefunConfigurationException invalidValue(Collection<?> validValues) {
    return StatefunConfigurationException.invalidValue(location(), value, validValues);
  }

  private static String describe(Object value) {
    if (value instanceof Map<?, ?>) {
      return "a mapping";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    return "'" + value + "'";
  }
}
