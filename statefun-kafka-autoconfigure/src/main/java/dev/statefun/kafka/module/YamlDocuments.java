package dev.statefun.kafka.module;

import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the documents of a module YAML file (several, separated by {@code ---}, in StateFun
 * 3.1+) with Jackson. A syntax error or a duplicate key names the file and the line. Internal.
 */
final class YamlDocuments {

  private static final YAMLMapper MAPPER = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private YamlDocuments() {}

  /**
   * The non-empty documents of the file, each as a root node. When the file has several, each is
   * named {@code <name> (document N)} in messages.
   */
  static List<YamlNode> read(String name, InputStream yaml) {
    List<Object> documents = new ArrayList<>();
    try (MappingIterator<Object> values = MAPPER.readerFor(Object.class).readValues(yaml)) {
      while (values.hasNextValue()) {
        documents.add(values.nextValue());
      }
    } catch (JacksonException e) {
      throw new StatefunConfigurationException(name + where(e.getLocation()),
          "not valid YAML: " + e.getOriginalMessage().trim(),
          "Check the indentation: keys of one mapping line up, and list items start with '- '");
    }
    long nonEmpty = documents.stream().filter(document -> document != null).count();
    if (nonEmpty == 0) {
      throw new StatefunConfigurationException(name, "the module file is empty",
          "Write a StateFun module: 'version' and 'module' (StateFun 2.x, 3.0), or documents with "
              + "'kind' and 'spec' (StateFun 3.1+)");
    }
    List<YamlNode> roots = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      if (documents.get(i) != null) {
        roots.add(YamlNode.root(nonEmpty > 1 ? name + " (document " + (i + 1) + ")" : name, documents.get(i)));
      }
    }
    return roots;
  }

  private static String where(TokenStreamLocation location) {
    return location == null || location.getLineNr() < 1
        ? ""
        : ": line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
