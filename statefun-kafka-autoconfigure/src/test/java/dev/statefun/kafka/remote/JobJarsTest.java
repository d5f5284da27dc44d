package dev.statefun.kafka.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.runtime.cluster.JobJars;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobJarsTest {

  @TempDir
  Path dir;

  @Test
  void explodedClassPathShipsDirectoriesAsJarsAndLibrariesButNotFlinkOrLogging() throws IOException {
    Path classes = Files.createDirectories(dir.resolve("classes/com/example"));
    Files.writeString(classes.resolve("App.class"), "app");
    Files.writeString(dir.resolve("classes/application.yml"), "x: 1");
    Path connector = emptyJar(dir.resolve("flink-connector-kafka-5.0.0-2.2.jar"));
    Path kafka = emptyJar(dir.resolve("kafka-clients-4.1.2.jar"));
    Path flinkCore = emptyJar(dir.resolve("flink-core-2.2.1.jar"));
    Path logback = emptyJar(dir.resolve("logback-classic-1.5.34.jar"));

    List<Path> jars = JobJars.of(List.of(dir.resolve("classes").toUri().toString(), connector.toString(),
        kafka.toString(), flinkCore.toString(), logback.toString()));

    assertThat(jars).hasSize(3).contains(connector, kafka).doesNotContain(flinkCore, logback);
    assertThat(entries(jars.get(0))).contains("com/example/App.class", "application.yml");
  }

  @Test
  void executableJarShipsBootInfClassesAsOneJarAndExtractsItsLibraries() throws IOException {
    Path app = dir.resolve("app.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(app))) {
      put(out, "BOOT-INF/classes/com/example/App.class", "app".getBytes());
      put(out, "BOOT-INF/classes/application.yml", "x: 1".getBytes());
      // Spring Boot stores nested jars uncompressed
      storeUncompressed(out, "BOOT-INF/lib/kafka-clients-4.1.2.jar", Files.readAllBytes(emptyJar(dir.resolve("k.jar"))));
      storeUncompressed(out, "BOOT-INF/lib/flink-core-2.2.1.jar", Files.readAllBytes(emptyJar(dir.resolve("f.jar"))));
    }
    String base = "jar:nested:" + app.toUri().getPath() + "/!";

    List<Path> jars = JobJars.of(List.of(base + "BOOT-INF/classes/!/", base + "BOOT-INF/lib/kafka-clients-4.1.2.jar!/",
        base + "BOOT-INF/lib/flink-core-2.2.1.jar!/"));

    assertThat(jars).extracting(path -> path.getFileName().toString())
        .containsExactly("application-classes.jar", "kafka-clients-4.1.2.jar");
    assertThat(entries(jars.get(0))).contains("com/example/App.class", "application.yml");
    assertThat(entries(jars.get(1))).contains("META-INF/MANIFEST.MF");
  }

  private static Path emptyJar(Path path) throws IOException {
    try (OutputStream file = Files.newOutputStream(path); JarOutputStream out = new JarOutputStream(file, manifest())) {
      out.flush();
    }
    return path;
  }

  private static java.util.jar.Manifest manifest() {
    java.util.jar.Manifest manifest = new java.util.jar.Manifest();
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    return manifest;
  }

  private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(bytes);
    out.closeEntry();
  }

  private static void storeUncompressed(JarOutputStream out, String name, byte[] bytes) throws IOException {
    JarEntry entry = new JarEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(bytes.length);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    entry.setCrc(crc.getValue());
    out.putNextEntry(entry);
    out.write(bytes);
    out.closeEntry();
  }

  private static List<String> entries(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream().map(JarEntry::getName).toList();
    }
  }
}
