package dev.statefun.kafka.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.handler.RequestReplyHandler;
import org.apache.flink.statefun.sdk.java.io.KafkaEgressMessage;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.slice.Slice;
import org.apache.flink.statefun.sdk.java.slice.Slices;

/**
 * The remote contender's function server, in its own JVM: the counter written with StateFun's Java SDK
 * ({@code statefun-sdk-java} 3.2.0) as a StateFun user writes it (state {@code seen}, one Kafka egress
 * message per input through the generic egress {@code remote/counts}), served with the JDK's
 * {@link HttpServer} on {@code POST /statefun/<function name>}, on the server's dispatcher thread (0 handler
 * threads, the JDK's default) or by a fixed pool of handler threads.
 *
 * <p>{@code GET /stats} answers {@code requests=<n> invocations=<m>}: the function requests served so far
 * and the invocations (messages) they carried, counted by the function itself.
 *
 * <p>Arguments: port, output topic, handler threads. Prints {@code LISTENING <port>} once it serves.
 */
public final class RemoteCounterServer {

  static final TypeName COUNTER = TypeName.typeNameFromString("remote/counter");
  /**
   * The same counter for StateFun 3.3's own runtime (the statefun33 contender), whose Kafka ingress hands a function
   * the record's value only: the input is those raw bytes, and with no record timestamp the output's input
   * timestamp is 0 (that contender has no latency run).
   */
  static final TypeName RAW_COUNTER = TypeName.typeNameFromString("remote/raw-counter");
  static final TypeName COUNTS = TypeName.typeNameFromString("remote/counts");
  static final ValueSpec<Integer> SEEN = ValueSpec.named("seen").withIntType();
  /**
   * Idle keep-alive connections the server keeps open: more than the connections a runtime holds at p = 2. That is
   * 256 for statefun-kafka (128 requests in flight per instance) but up to 2,048 for StateFun 3.3's Netty transport
   * (pool_size 1,024 per instance): with 1,024 here the server closed connections the client had pooled, and its next
   * request on one failed with "connection reset" and was retried after a backoff (2,300 retries in 200 k records).
   */
  static final int MAX_IDLE_CONNECTIONS = 4096;

  private final LongAdder requests = new LongAdder();
  private final LongAdder invocations = new LongAdder();
  private final RequestReplyHandler handler;

  private RemoteCounterServer(String topic) {
    StatefulFunctions functions = new StatefulFunctions();
    functions.withStatefulFunction(counter(COUNTER, topic, Message::asLong));
    functions.withStatefulFunction(counter(RAW_COUNTER, topic, message -> 0L));
    this.handler = functions.requestReplyHandler();
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String topic = args[1];
    int threads = Integer.parseInt(args[2]);
    new RemoteCounterServer(topic).serve(port, threads);
  }

  /**
   * The counter: the input is the Kafka record's timestamp (the ingress deserializer's {@code Long},
   * StateFun's built-in {@code io.statefun.types/long}), for {@link #RAW_COUNTER} the record's value; the output the
   * bench's 24-byte value.
   */
  private StatefulFunctionSpec counter(TypeName type, String topic, ToLongFunction<Message> inputTimestamp) {
    return StatefulFunctionSpec.builder(type)
        .withValueSpecs(SEEN)
        .withSupplier(() -> (Context context, Message message) -> {
          invocations.increment();
          int seen = context.storage().get(SEEN).orElse(0) + 1;
          context.storage().set(SEEN, seen);
          context.send(KafkaEgressMessage.forEgress(COUNTS)
              .withTopic(topic)
              .withUtf8Key(context.self().id())
              .withValue(Workload.outputValue(seen, inputTimestamp.applyAsLong(message),
                  System.currentTimeMillis()))
              .build());
          return CompletableFuture.completedFuture(null);
        })
        .build();
  }

  private void serve(int port, int threads) throws IOException, InterruptedException {
    // statefun-kafka keeps up to 128 requests in flight per parallel instance by default, each on a keep-alive
    // connection of its own. The JDK's server closes a connection after its response once 200 (its default) are
    // idle, and most of them are idle between requests here: without this, nearly every request paid for a new
    // connection (JFR: 252 k exceptions from closed connections in the app for 200 k requests). Read when the first
    // server is created.
    System.setProperty("sun.net.httpserver.maxIdleConnections", Integer.toString(MAX_IDLE_CONNECTIONS));
    // The JDK's server writes a reply's headers and body separately and leaves Nagle's algorithm on: with the
    // client's delayed ACK every reply can wait ~40 ms. Production servers (aiohttp, Go, Undertow) set TCP_NODELAY.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    // the backlog matters too: the runtime may open all those connections at once
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
    // 0 threads: no executor, so the JDK's server runs the handler on its dispatcher thread, as it does by default. The
    // function completes at once; handing each request to a pool thread cost the server ≈15 % more CPU per request.
    if (threads > 0) {
      AtomicInteger counter = new AtomicInteger();
      ExecutorService executor = Executors.newFixedThreadPool(threads, runnable -> {
        Thread thread = new Thread(runnable, "function-" + counter.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      });
      server.setExecutor(executor);
    }
    server.createContext("/statefun/", this::handle);
    server.createContext("/stats", this::stats);
    server.start();
    System.out.println("LISTENING " + server.getAddress().getPort() + " with " + threads + " handler threads");
    System.out.flush();
    while (true) {
      TimeUnit.SECONDS.sleep(10);
      System.out.println("requests=" + requests.sum() + " invocations=" + invocations.sum());
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Slice result;
      try {
        // the SDK's handler completes on this thread for a function that completes at once, as this one does
        result = handler.handle(Slices.wrap(body)).get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
      } catch (Exception e) {
        e.printStackTrace();
        reply(exchange, 500, String.valueOf(e).getBytes(StandardCharsets.UTF_8));
        return;
      }
      requests.increment();
      reply(exchange, 200, result.toByteArray());
    }
  }

  private void stats(HttpExchange exchange) throws IOException {
    try (exchange) {
      reply(exchange, 200, ("requests=" + requests.sum() + " invocations=" + invocations.sum())
          .getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
