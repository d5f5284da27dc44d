package dev.statefun.kafka.runtime.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The transport against real HTTP servers on loopback: the JDK's, and a socket server that misbehaves on cue. */
class HttpTransportTest {

  private static final Duration CONNECT = Duration.ofSeconds(5);
  private static final Duration REPLY = Duration.ofSeconds(10);

  @Test
  void postsTheBodyAndReadsFixedLengthAndChunkedRepliesOverOneKeptAliveConnection() throws Exception {
    List<String> requests = new CopyOnWriteArrayList<>();
    List<Integer> remotePorts = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
          + exchange.getRequestHeaders().getFirst("Content-Type") + " " + new String(body, StandardCharsets.UTF_8));
      remotePorts.add(exchange.getRemoteAddress().getPort());
      String path = exchange.getRequestURI().getPath();
      byte[] reply = path.endsWith("/big") ? big()
          : ("echo " + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
      boolean chunked = path.endsWith("/chunked") || path.endsWith("/big");
      exchange.sendResponseHeaders(path.endsWith("/chunked") ? 503 : 200, chunked ? 0 : reply.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply);
      }
    });
    server.start();
    try {
      String base = "http://localhost:" + server.getAddress().getPort();
      HttpTransport.Target fixed = HttpTransport.target(URI.create(base + "/fns/counter?x=1"), CONNECT, 8);
      HttpTransport.Target chunked = HttpTransport.target(URI.create(base + "/fns/chunked"), CONNECT, 8);

      HttpTransport.Reply first = fixed.post(bytes("a"), REPLY, () -> {}).get(10, TimeUnit.SECONDS);
      HttpTransport.Reply second = chunked.post(bytes("b"), REPLY, () -> {}).get(10, TimeUnit.SECONDS);
      HttpTransport.Reply large = HttpTransport.target(URI.create(base + "/fns/big"), CONNECT, 8)
          .post(bytes("c"), REPLY, () -> {}).get(10, TimeUnit.SECONDS);

      assertThat(first.status()).isEqualTo(200);
      assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("echo a");
      assertThat(second.status()).isEqualTo(503);
      assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("echo b");
      assertThat(large.body()).as("a reply larger than the decoder's chunks").isEqualTo(big());
      assertThat(requests).containsExactly("POST /fns/counter?x=1 application/octet-stream a",
          "POST /fns/chunked application/octet-stream b", "POST /fns/big application/octet-stream c");
      assertThat(remotePorts).as("the later requests reuse the first one's connection").hasSize(3)
          .containsOnly(remotePorts.get(0));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aRequestOnAKeptAliveConnectionTheServerClosedGoesOnceMoreOnANewOne() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread server = new Thread(() -> {
        try (Socket first = listener.accept()) {
          readRequest(first);
          requests.incrementAndGet();
          answer(first, "one");
          readRequest(first); // the second request comes on the kept-alive connection: close it unanswered
          requests.incrementAndGet();
          first.close();
          try (Socket second = listener.accept()) {
            readRequest(second);
            requests.incrementAndGet();
            answer(second, "two");
            Thread.sleep(1_000);
          }
        } catch (IOException | InterruptedException e) {
          // the test fails on its own assertions
        }
      }, "idle-closing-server");
      server.start();
      HttpTransport.Target target =
          HttpTransport.target(URI.create("http://localhost:" + listener.getLocalPort() + "/f"), CONNECT, 8);

      assertThat(target.post(bytes("1"), REPLY, () -> {}).get(10, TimeUnit.SECONDS).body()).asString().isEqualTo("one");
      assertThat(target.post(bytes("2"), REPLY, () -> {}).get(10, TimeUnit.SECONDS).body()).asString().isEqualTo("two");
      assertThat(requests).hasValue(3);
      server.join(5_000);
    }
  }

  @Test
  void aNewConnectionClosedBeforeTheReplyFailsWithAnIoException() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread server = new Thread(() -> {
        try (Socket socket = listener.accept()) {
          readRequest(socket);
        } catch (IOException e) {
          // the test fails on its own assertions
        }
      }, "closing-server");
      server.start();
      HttpTransport.Target target =
          HttpTransport.target(URI.create("http://localhost:" + listener.getLocalPort() + "/f"), CONNECT, 8);

      assertThatThrownBy(() -> target.post(bytes("1"), REPLY, () -> {}).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class)
          .hasMessageContaining("closed before the reply");
      server.join(5_000);
    }
  }

  @Test
  void noReplyWithinTheTimeoutFailsWithASocketTimeoutAndARefusedConnectionWithAnIoException() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      HttpTransport.Target target =
          HttpTransport.target(URI.create("http://localhost:" + silent.getLocalPort() + "/f"), CONNECT, 8);
      assertThatThrownBy(() -> target.post(bytes("1"), Duration.ofMillis(300), () -> {}).get(10, TimeUnit.SECONDS))
          .cause().isInstanceOf(SocketTimeoutException.class).hasMessageContaining("no reply within 300 ms of sending");
    }
    int closedPort;
    try (ServerSocket gone = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      closedPort = gone.getLocalPort();
    }
    HttpTransport.Target refused = HttpTransport.target(URI.create("http://localhost:" + closedPort + "/f"), CONNECT, 8);
    assertThatThrownBy(() -> refused.post(bytes("1"), REPLY, () -> {}).get(10, TimeUnit.SECONDS))
        .cause().isInstanceOf(IOException.class);
  }

  @Test
  void beyondTheOriginsConnectionsACallWaitsForAFreeOneItsReplyTimeoutCountingFromSending() throws Exception {
    List<Integer> remotePorts = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      remotePorts.add(exchange.getRemoteAddress().getPort());
      sleep(exchange.getRequestURI().getPath().endsWith("/slow") ? 1_500 : 200);
      exchange.sendResponseHeaders(200, 2);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes("ok"));
      }
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    try {
      String base = "http://localhost:" + server.getAddress().getPort();
      HttpTransport.Target target = HttpTransport.target(URI.create(base + "/one"), CONNECT, 1);
      var first = target.post(bytes("1"), REPLY, () -> {});
      var second = target.post(bytes("2"), REPLY, () -> {});
      assertThat(first.get(10, TimeUnit.SECONDS).body()).asString().isEqualTo("ok");
      assertThat(second.get(10, TimeUnit.SECONDS).body()).asString().isEqualTo("ok");
      assertThat(remotePorts).as("both calls on the origin's one connection").hasSize(2).containsOnly(remotePorts.get(0));

      HttpTransport.Target slow = HttpTransport.target(URI.create(base + "/slow"), CONNECT, 1);
      AtomicInteger sent = new AtomicInteger();
      var holding = slow.post(bytes("3"), REPLY, sent::incrementAndGet);
      // waits 1.5 s for the one connection, then answers in 1.5 s: within 1.6 s of its sending
      var waiting = slow.post(bytes("4"), Duration.ofMillis(1_600), sent::incrementAndGet);
      assertThat(holding.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
      assertThat(waiting.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
      assertThat(sent).hasValue(2);
    } finally {
      server.stop(0);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] big() {
    byte[] bytes = new byte[100_000];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Reads one request's head and its Content-Length body. */
  private static void readRequest(Socket socket) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    int length = 0;
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    for (int i = 0; i < length; i++) {
      in.read();
    }
  }

  private static void answer(Socket socket, String body) throws IOException {
    socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
        .getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }
}
