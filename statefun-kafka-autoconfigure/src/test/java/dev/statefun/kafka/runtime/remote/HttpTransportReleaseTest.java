package dev.statefun.kafka.runtime.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.statefun.kafka.runtime.universe.UniverseHandle;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transport's event loop and a job's class loader: a copy of this package loaded child first
 * (as a job jar on a Flink cluster is) stops its event loop when Flink releases the loader; the
 * copy Flink's own class loader holds (an embedded cluster) registers nothing and keeps serving.
 */
class HttpTransportReleaseTest {

  private static final String PACKAGE = HttpTransport.class.getPackageName() + ".";

  private HttpServer server;
  private URI url;

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] reply = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, reply.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply);
      }
    });
    server.start();
    url = URI.create("http://localhost:" + server.getAddress().getPort() + "/fns/counter");
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void aJobsOwnCopyStopsItsEventLoopWhenFlinkReleasesTheJobsClassLoader() throws Exception {
    URL classes = HttpTransport.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader job = new ChildFirstForPackage(classes, getClass().getClassLoader())) {
      Class<?> transport = job.loadClass(HttpTransport.class.getName());
      assertThat(transport).isNotSameAs(HttpTransport.class);
      post(transport);
      Map<String, Runnable> hooks = new LinkedHashMap<>();
      job.loadClass(HttpFunctionClient.class.getName())
          .getMethod("releaseWith", UniverseHandle.ReleaseHooks.class)
          .invoke(null, (UniverseHandle.ReleaseHooks) hooks::putIfAbsent);
      assertThat(hooks).containsOnlyKeys("statefun http transport");
      Method terminated = accessible(transport.getDeclaredMethod("isTerminated"));
      assertThat((boolean) terminated.invoke(null)).isFalse();

      hooks.values().forEach(Runnable::run);

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!(boolean) terminated.invoke(null) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat((boolean) terminated.invoke(null)).as("the job's event loop stopped").isTrue();
    }
    assertThat(post(HttpTransport.class)).as("the copy of Flink's class loader still serves").isEqualTo(200);
  }

  @Test
  void theCopyFlinksClassLoaderHoldsIsSharedAndRegistersNothing() {
    Map<String, Runnable> hooks = new LinkedHashMap<>();
    HttpFunctionClient.releaseWith(hooks::putIfAbsent);
    assertThat(hooks).isEmpty();
  }

  /** Posts once through {@code transport} (one class's copy of {@link HttpTransport}); the reply's status. */
  private int post(Class<?> transport) throws Exception {
    Object target = accessible(transport.getDeclaredMethod("target", URI.class, Duration.class, int.class))
        .invoke(null, url, Duration.ofSeconds(5), 2);
    Runnable onSent = () -> {};
    CompletableFuture<?> reply = (CompletableFuture<?>) accessible(
        target.getClass().getDeclaredMethod("post", byte[].class, Duration.class, Runnable.class))
        .invoke(target, "x".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10), onSent);
    Object response = reply.get(10, TimeUnit.SECONDS);
    return (int) accessible(response.getClass().getDeclaredMethod("status")).invoke(response);
  }

  private static Method accessible(Method method) {
    method.setAccessible(true);
    return method;
  }

  /** Loads the classes of the transport's package itself, everything else from its parent. */
  private static final class ChildFirstForPackage extends URLClassLoader {
    ChildFirstForPackage(URL classes, ClassLoader parent) {
      super(new URL[] {classes}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith(PACKAGE)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          loaded = findClass(name);
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }
  }
}
