package dev.statefun.kafka.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The remote contender's {@link RemoteCounterServer} in its own JVM, on a free port of this machine: its URL
 * path template for the app, and the requests and invocations it has served so far.
 */
final class FunctionServerProcess implements AutoCloseable {

  /** Requests served and invocations they carried, at one moment. */
  record Stats(long requests, long invocations) {
    Stats minus(Stats before) {
      return new Stats(requests - before.requests, invocations - before.invocations);
    }

    double invocationsPerRequest() {
      return requests == 0 ? Double.NaN : (double) invocations / requests;
    }
  }

  private final JvmProcess process;
  private final int port;
  private final HttpClient client = HttpClient.newHttpClient();

  private FunctionServerProcess(JvmProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  static FunctionServerProcess start(List<String> jvmOptions, String topic, int threads, Path log) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    JvmProcess process = JvmProcess.start(jvmOptions, RemoteCounterServer.class.getName(),
        List.of(Integer.toString(port), topic, Integer.toString(threads)), log);
    FunctionServerProcess server = new FunctionServerProcess(process, port);
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!process.logContains("LISTENING")) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        server.close();
        throw new IllegalStateException("The function server did not start; see " + log + ":\n" + process.tail());
      }
      Thread.sleep(50);
    }
    return server;
  }

  String urlPathTemplate() {
    return "http://127.0.0.1:" + port + "/statefun/{function.name}";
  }

  JvmProcess process() {
    return process;
  }

  /** What it has served so far; zeros if it does not answer (then the run's numbers say so). */
  Stats stats() {
    try {
      String body = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stats"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
      String[] parts = body.trim().split(" ");
      return new Stats(Long.parseLong(parts[0].substring("requests=".length())),
          Long.parseLong(parts[1].substring("invocations=".length())));
    } catch (IOException | RuntimeException e) {
      return new Stats(0, 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Stats(0, 0);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
