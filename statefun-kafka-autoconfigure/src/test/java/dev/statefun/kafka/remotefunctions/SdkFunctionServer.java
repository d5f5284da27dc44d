package dev.statefun.kafka.remotefunctions;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.handler.RequestReplyHandler;
import org.apache.flink.statefun.sdk.java.slice.Slice;
import org.apache.flink.statefun.sdk.java.slice.Slices;
import org.apache.flink.statefun.sdk.reqreply.generated.ToFunction;

/**
 * Functions written with StateFun's real Java SDK ({@code statefun-sdk-java} 3.2.0), served as
 * StateFun users serve them: {@code POST /statefun/<name>} with the JDK's HTTP server. It can be
 * stopped and started again on the same port, slowed down, or made to answer 503 for a while, and
 * counts requests and the invocations they carried.
 */
public final class SdkFunctionServer implements AutoCloseable {

  private final RequestReplyHandler handler;
  private final javax.net.ssl.SSLContext tls;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong invocations = new AtomicLong();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger largestBatch = new AtomicInteger();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger mostPending = new AtomicInteger();
  private volatile long delayMillis;
  private volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(0);
  private int port;
  private HttpServer server;
  private ExecutorService executor;

  public SdkFunctionServer(StatefulFunctionSpec... specs) {
    this(null, specs);
  }

  /** A server of {@code https} URLs with the given key material, or {@code http} for {@code null}. */
  public SdkFunctionServer(javax.net.ssl.SSLContext tls, StatefulFunctionSpec... specs) {
    this.tls = tls;
    StatefulFunctions functions = new StatefulFunctions();
    for (StatefulFunctionSpec spec : specs) {
      functions.withStatefulFunction(spec);
    }
    this.handler = functions.requestReplyHandler();
    start();
  }

  /** Starts serving, on the port it had before if it ran already. */
  public synchronized SdkFunctionServer start() {
    try {
      if (tls == null) {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
      } else {
        com.sun.net.httpserver.HttpsServer https =
            com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
        server = https;
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the function server on port " + port, e);
    }
    executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.createContext("/statefun/", this::handle);
    server.start();
    port = server.getAddress().getPort();
    return this;
  }

  /** Stops serving: connections are refused until {@link #start()}. */
  public synchronized void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** The URL path template of StateFun's endpoints for this server. */
  public String urlPathTemplate() {
    return (tls == null ? "http" : "https") + "://127.0.0.1:" + port + "/statefun/{function.name}";
  }

  public void delay(long millis) {
    this.delayMillis = millis;
  }

  /** Requests wait, unanswered, until {@link #release()}: calls stay in flight. */
  public void hold() {
    gate = new java.util.concurrent.CountDownLatch(1);
  }

  public void release() {
    gate.countDown();
  }

  /** The next {@code count} requests are answered 503. */
  public void failNext(int count) {
    failuresLeft.set(count);
  }

  public long requests() {
    return requests.get();
  }

  public long invocations() {
    return invocations.get();
  }

  /** Starts counting {@link #largestBatch()} and {@link #mostConcurrentRequests()} afresh. */
  public void resetStatistics() {
    largestBatch.set(0);
    mostPending.set(pending.get());
  }

  /** The most invocations one request carried. */
  public int largestBatch() {
    return largestBatch.get();
  }

  /** The most requests received and not answered yet at one time. */
  public int mostConcurrentRequests() {
    return mostPending.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      serve(exchange);
    } finally {
      pending.decrementAndGet();
    }
  }

  private void serve(HttpExchange exchange) {
    try (exchange) {
      mostPending.accumulateAndGet(pending.incrementAndGet(), Math::max);
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        reply(exchange, 503, "unavailable for a while".getBytes(StandardCharsets.UTF_8));
        return;
      }
      gate.await();
      if (delayMillis > 0) {
        TimeUnit.MILLISECONDS.sleep(delayMillis);
      }
      requests.incrementAndGet();
      int batch = ToFunction.parseFrom(body).getInvocation().getInvocationsCount();
      invocations.addAndGet(batch);
      largestBatch.accumulateAndGet(batch, Math::max);
      Slice result = handler.handle(Slices.wrap(body)).get(30, TimeUnit.SECONDS);
      reply(exchange, 200, result.toByteArray());
    } catch (Exception e) {
      try {
        reply(exchange, 500, String.valueOf(e).getBytes(StandardCharsets.UTF_8));
      } catch (IOException ignored) {
        // the exchange is closing
      }
    }
  }

  private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    release();
    stop();
  }
}
