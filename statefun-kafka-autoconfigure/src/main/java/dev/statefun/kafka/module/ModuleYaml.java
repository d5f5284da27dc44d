package dev.statefun.kafka.module;

import dev.statefun.kafka.sdk.StatefulFunctionModule;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.io.InputStream;

/**
 * Reads a StateFun module YAML (2.x, 3.0 and 3.1+ formats) and binds its Kafka ingresses and
 * egresses.
 */
public final class ModuleYaml {

  private ModuleYaml() {}

  /**
   * Binds every ingress and egress of the module.
   *
   * @param name the file's name, used in error messages
   */
  public static void bind(String name, InputStream yaml, StatefulFunctionModule.Binder binder) {
    throw new StatefunConfigurationException(name, "module YAML files cannot be read yet");
  }
}
