package dev.statefun.kafka.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModuleFilesTest {

  @Test
  void relativeFileLocationsBecomeAbsolute() {
    assertThat(ModuleFiles.absolute("file:module.yaml"))
        .isEqualTo("file:" + Path.of("module.yaml").toAbsolutePath().normalize());
    assertThat(ModuleFiles.absolute(" file:./conf/../module.yaml"))
        .isEqualTo("file:" + Path.of("module.yaml").toAbsolutePath().normalize());
  }

  @Test
  void absoluteAndClasspathLocationsStayAsWritten() {
    assertThat(ModuleFiles.absolute("file:/opt/statefun/modules/module.yaml"))
        .isEqualTo("file:/opt/statefun/modules/module.yaml");
    assertThat(ModuleFiles.absolute("classpath:module.yaml")).isEqualTo("classpath:module.yaml");
  }
}
