package dev.statefun.kafka.runtime.cluster;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jars a Flink cluster needs to run the application's job: the application's classes and
 * every library it uses, except what a Flink distribution already has.
 *
 * <p>Flink's user code class loader reads plain jar files only. So:
 * <ul>
 *   <li>run from a Spring Boot executable jar ({@code jar:nested:} class path), {@code
 *       BOOT-INF/classes} becomes one jar and each {@code BOOT-INF/lib} jar is extracted;
 *   <li>run from an exploded class path (IDE, tests, {@code java -cp}), each directory becomes a
 *       jar and each jar is shipped as it is.
 * </ul>
 * Left out are the jars whose packages Flink always loads from its own {@code lib/} (its
 * parent-first packages): Flink itself ({@code flink-*}, except the {@code flink-connector-*}
 * jars a distribution lacks, such as the Kafka connector), logging ({@code slf4j}, {@code
 * logback}, {@code log4j}) and RocksDB's JNI jars.
 */
public final class JobJars {

  private static final Logger LOG = LoggerFactory.getLogger(JobJars.class);
  private static final String NESTED = "jar:nested:";

  private JobJars() {}

  /** The jars of the application that loaded this class, written to a new temporary directory where needed. */
  public static List<Path> ofApplication() {
    return of(classPath(JobJars.class.getClassLoader()));
  }

  /**
   * The jars for the given class path: {@code file:} URLs or paths of directories and jars, and
   * Spring Boot {@code jar:nested:} URLs.
   */
  public static List<Path> of(List<String> classPath) {
    try {
      Path work = Files.createTempDirectory("statefun-job-jars");
      work.toFile().deleteOnExit();
      List<Path> jars = new ArrayList<>();
      for (String entry : classPath) {
        collect(entry, work, jars);
      }
      long bytes = jars.stream().mapToLong(JobJars::size).sum();
      LOG.info("Shipping {} jars ({} MB) with the job", jars.size(), bytes / (1024 * 1024));
      return jars;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the jars of the job", e);
    }
  }

  private static List<String> classPath(ClassLoader loader) {
    // Spring Boot's launcher class loader is a URLClassLoader over the nested jars; otherwise the JVM's class path
    if (loader instanceof URLClassLoader urls && urls != ClassLoader.getSystemClassLoader() && urls.getURLs().length > 0) {
      return Stream.of(urls.getURLs()).map(URL::toString).toList();
    }
    return List.of(System.getProperty("java.class.path").split(File.pathSeparator));
  }

  private static void collect(String entry, Path work, List<Path> jars) throws IOException {
    if (entry.startsWith(NESTED)) {
      // jar:nested:/app.jar/!BOOT-INF/classes/!/  or  jar:nested:/app.jar/!BOOT-INF/lib/x.jar!/
      String location = decode(entry.substring(NESTED.length()));
      int separator = location.indexOf("/!");
      Path outer = Path.of(location.substring(0, separator));
      String nested = location.substring(separator + 2);
      nested = nested.endsWith("!/") ? nested.substring(0, nested.length() - 2) : nested;
      if (nested.endsWith(".jar")) {
        String name = nested.substring(nested.lastIndexOf('/') + 1);
        if (ships(name)) {
          jars.add(extract(outer, nested, work.resolve(name)));
        }
      } else {
        jars.add(jarOfNestedDirectory(outer, nested.endsWith("/") ? nested : nested + "/",
            work.resolve("application-classes.jar")));
      }
      return;
    }
    Path path = entry.startsWith("file:") ? Path.of(java.net.URI.create(entry)) : Path.of(entry);
    if (Files.isDirectory(path)) {
      jars.add(jarOfDirectory(path, work.resolve("classes-" + jars.size() + ".jar")));
    } else if (Files.isRegularFile(path) && path.toString().endsWith(".jar") && ships(path.getFileName().toString())) {
      jars.add(path);
    }
  }

  /** Whether a jar is not one a Flink distribution always loads itself. */
  static boolean ships(String jarName) {
    if (jarName.startsWith("flink-")) {
      return jarName.startsWith("flink-connector-");
    }
    return !(jarName.startsWith("slf4j-") || jarName.startsWith("logback-") || jarName.startsWith("log4j-")
        || jarName.startsWith("jul-to-slf4j") || jarName.startsWith("rocksdbjni") || jarName.startsWith("frocksdbjni"));
  }

  private static Path extract(Path outer, String nested, Path target) throws IOException {
    try (JarFile jar = new JarFile(outer.toFile()); InputStream in = jar.getInputStream(jar.getJarEntry(nested))) {
      Files.copy(in, target);
    }
    target.toFile().deleteOnExit();
    return target;
  }

  private static Path jarOfNestedDirectory(Path outer, String prefix, Path target) throws IOException {
    try (JarFile jar = new JarFile(outer.toFile()); JarOutputStream out = new JarOutputStream(Files.newOutputStream(target))) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (entry.getName().startsWith(prefix) && entry.getName().length() > prefix.length()) {
          out.putNextEntry(new JarEntry(entry.getName().substring(prefix.length())));
          if (!entry.isDirectory()) {
            try (InputStream in = jar.getInputStream(entry)) {
              in.transferTo(out);
            }
          }
          out.closeEntry();
        }
      }
    }
    target.toFile().deleteOnExit();
    return target;
  }

  private static Path jarOfDirectory(Path directory, Path target) throws IOException {
    try (OutputStream file = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(file);
        Stream<Path> files = Files.walk(directory)) {
      for (Path path : (Iterable<Path>) files.sorted()::iterator) {
        if (path.equals(directory)) {
          continue;
        }
        String name = directory.relativize(path).toString().replace(File.separatorChar, '/');
        if (Files.isDirectory(path)) {
          out.putNextEntry(new JarEntry(name + "/"));
        } else {
          out.putNextEntry(new JarEntry(name));
          Files.copy(path, out);
        }
        out.closeEntry();
      }
    }
    target.toFile().deleteOnExit();
    return target;
  }

  private static String decode(String value) {
    return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static long size(Path path) {
    try {
      return Files.size(path);
    } catch (IOException e) {
      return 0;
    }
  }
}
