package dev.statefun.kafka.runtime.remote;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.ChannelPool;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * HTTP/1.1 POSTs on Netty: one event loop thread for the whole JVM, and per origin (scheme, host,
 * port, connect timeout) a pool of keep-alive connections, each carrying one exchange at a time.
 * {@code https} uses the JVM's default TLS context (its trust store) and verifies the host name.
 *
 * <p>Measured against Apache HttpClient 5 and the JDK's client in bench/ (README "Remote
 * functions"): the cheapest per call on the app's side. Internal.
 */
final class HttpTransport {

  /** The status and body of a reply. */
  record Reply(int status, byte[] body) {}

  /** Replies announcing more than this grow their buffer as they come, not trusting the header with all of it. */
  private static final int MAX_PRESIZED_REPLY = 16 << 20;
  private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};
  private static final AttributeKey<Exchange> EXCHANGE = AttributeKey.valueOf("statefun-exchange");
  private static final AttributeKey<Boolean> KEPT_ALIVE = AttributeKey.valueOf("statefun-kept-alive");
  private static final EventLoopGroup EVENT_LOOP = new MultiThreadIoEventLoopGroup(1,
      new DefaultThreadFactory("statefun-http", true), NioIoHandler.newFactory());
  private static final Map<Origin, ChannelPool> POOLS = new ConcurrentHashMap<>();

  /** Where connections go and how they are made; {@code tls} is the JVM's default TLS context for https, else null. */
  private record Origin(SSLContext tls, String host, int port, Duration connectTimeout, int maxConnections) {
    static Origin of(URI url, Duration connectTimeout, int maxConnections) {
      boolean https = "https".equalsIgnoreCase(url.getScheme());
      int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
      return new Origin(https ? defaultTls() : null, url.getHost(), port, connectTimeout, maxConnections);
    }

    String hostHeader() {
      return port == (tls != null ? 443 : 80) ? host : host + ":" + port;
    }
  }

  private HttpTransport() {}

  /**
   * Closes every pooled connection and stops the event loop's thread. Only for a copy of this class
   * loaded by a job's own class loader, when Flink releases it: the thread would otherwise keep
   * the loader, and every class of the job, alive after the job is gone.
   */
  static void shutdown() {
    POOLS.values().forEach(ChannelPool::close);
    POOLS.clear();
    EVENT_LOOP.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  /** The event loop's threads have ended (after {@link #shutdown()}). */
  static boolean isTerminated() {
    return EVENT_LOOP.isTerminated();
  }

  /** Where requests to {@code url} go: made once per function type, used for every request. */
  static Target target(URI url, Duration connectTimeout, int maxConnections) {
    Origin origin = Origin.of(url, connectTimeout, maxConnections);
    return new Target(POOLS.computeIfAbsent(origin, HttpTransport::newPool), pathOf(url), origin.hostHeader());
  }

  /** One URL, its request head, and the pool of connections to its origin. */
  static final class Target {
    private final ChannelPool pool;
    /** The request line and headers up to the value of {@code Content-Length}, the same for every request. */
    private final byte[] head;

    private Target(ChannelPool pool, String path, String host) {
      this.pool = pool;
      this.head = ("POST " + path + " HTTP/1.1\r\nHost: " + host
          + "\r\nContent-Type: application/octet-stream\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Posts {@code body} once a connection is free; completes with the reply, or exceptionally with
     * an {@link IOException} when connecting, writing or reading fails or no reply came within
     * {@code replyTimeout} of sending. {@code onSent} runs (on the event loop) when the request
     * is first written.
     */
    CompletableFuture<Reply> post(byte[] body, Duration replyTimeout, Runnable onSent) {
      Exchange exchange = new Exchange(this, body, replyTimeout.toNanos(), onSent);
      exchange.acquire();
      return exchange.reply;
    }

    /** The whole request in one buffer: a POST has nothing for an encoder to do but this. */
    private ByteBuf request(ByteBufAllocator allocator, byte[] body) {
      byte[] length = Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII);
      return allocator.buffer(head.length + length.length + 4 + body.length)
          .writeBytes(head).writeBytes(length).writeBytes(CRLF_CRLF).writeBytes(body);
    }
  }

  private static String pathOf(URI url) {
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
  }

  private static ChannelPool newPool(Origin origin) {
    Bootstrap bootstrap = new Bootstrap()
        .group(EVENT_LOOP)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, origin.connectTimeout().toMillis()))
        .remoteAddress(origin.host(), origin.port());
    SslContext tls = origin.tls() == null ? null : new JdkSslContext(origin.tls(), true, null,
        IdentityCipherSuiteFilter.INSTANCE, ApplicationProtocolConfig.DISABLED, ClientAuth.NONE, null, false);
    return new FixedChannelPool(bootstrap, new AbstractChannelPoolHandler() {
      @Override
      public void channelCreated(Channel channel) {
        if (tls != null) {
          SSLEngine engine = tls.newEngine(channel.alloc(), origin.host(), origin.port());
          SSLParameters parameters = engine.getSSLParameters();
          parameters.setEndpointIdentificationAlgorithm("HTTPS");
          engine.setSSLParameters(parameters);
          channel.pipeline().addLast(new SslHandler(engine));
        }
        channel.pipeline().addLast(new HttpResponseDecoder(), new ReplyHandler());
      }
    }, ChannelHealthChecker.ACTIVE, null, -1, origin.maxConnections(), Integer.MAX_VALUE, true, true);
  }

  /**
   * One request and its reply, on a connection leased from the pool (waiting for a free one as
   * long as it takes: the instance's bound on calls in flight bounds the wait). The reply timeout
   * counts from sending. A kept-alive connection the server closed while it was idle in the pool
   * fails the request before any reply: that request goes once more, on another connection, within
   * the same timeout (the protocol's requests may be sent twice: only one reply is applied).
   * Everything after the call runs on the event loop.
   */
  private static final class Exchange {
    private final Target target;
    private final byte[] body;
    private final long replyTimeoutNanos;
    private final Runnable onSent;
    private final CompletableFuture<Reply> reply = new CompletableFuture<>();
    private long deadline;
    private ScheduledFuture<?> timeout;
    private boolean resent;
    private HttpResponse replyHead;
    private byte[] replyBody;
    private int replyLength;

    Exchange(Target target, byte[] body, long replyTimeoutNanos, Runnable onSent) {
      this.target = target;
      this.body = body;
      this.replyTimeoutNanos = replyTimeoutNanos;
      this.onSent = onSent;
    }

    void acquire() {
      target.pool.acquire().addListener((Future<Channel> acquired) -> {
        if (acquired.isSuccess()) {
          start(acquired.getNow());
        } else {
          reply.completeExceptionally(asIoException(acquired.cause()));
        }
      });
    }

    private void start(Channel channel) {
      boolean first = deadline == 0;
      if (first) {
        deadline = System.nanoTime() + replyTimeoutNanos;
      }
      channel.attr(EXCHANGE).set(this);
      timeout = channel.eventLoop().schedule(() -> failed(channel, new SocketTimeoutException("no reply within "
          + TimeUnit.NANOSECONDS.toMillis(replyTimeoutNanos) + " ms of sending"), false),
          Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      channel.writeAndFlush(target.request(channel.alloc(), body)).addListener(written -> {
        if (!written.isSuccess()) {
          failed(channel, written.cause(), true);
        }
      });
      if (first) {
        onSent.run();
      }
    }

    /** The reply's status line and headers; a 1xx interim reply is skipped. */
    void head(HttpResponse response) {
      if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
        return;
      }
      replyHead = response;
      long length = HttpUtil.getContentLength(response, -1L);
      replyBody = new byte[length >= 0 && length <= MAX_PRESIZED_REPLY ? (int) length : 256];
      replyLength = 0;
    }

    /** A part of the reply's body; the last one completes the exchange. */
    void content(Channel on, HttpContent part) {
      if (replyHead == null) {
        return; // the end of a 1xx interim reply
      }
      ByteBuf bytes = part.content();
      int readable = bytes.readableBytes();
      if (replyLength + readable > replyBody.length) {
        replyBody = Arrays.copyOf(replyBody, Math.max(replyLength + readable, 2 * replyBody.length));
      }
      bytes.readBytes(replyBody, replyLength, readable);
      replyLength += readable;
      if (part instanceof LastHttpContent) {
        replied(on);
      }
    }

    private void replied(Channel on) {
      if (!on.attr(EXCHANGE).compareAndSet(this, null)) {
        return;
      }
      timeout.cancel(false);
      Reply result = new Reply(replyHead.status().code(),
          replyLength == replyBody.length ? replyBody : Arrays.copyOf(replyBody, replyLength));
      if (HttpUtil.isKeepAlive(replyHead)) {
        on.attr(KEPT_ALIVE).set(Boolean.TRUE);
      } else {
        on.close();
      }
      target.pool.release(on);
      reply.complete(result);
    }

    void failed(Channel on, Throwable cause, boolean beforeReply) {
      if (!on.attr(EXCHANGE).compareAndSet(this, null)) {
        return;
      }
      on.close();
      target.pool.release(on);
      timeout.cancel(false);
      if (beforeReply && !resent && on.hasAttr(KEPT_ALIVE)) {
        resent = true;
        replyHead = null;
        acquire();
        return;
      }
      reply.completeExceptionally(asIoException(cause));
    }
  }

  /** Hands each part of a reply, or the end of the connection, to the exchange in progress. */
  private static final class ReplyHandler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
      try {
        Exchange exchange = context.channel().attr(EXCHANGE).get();
        if (exchange == null) {
          context.close(); // a reply nobody asked for: the connection is out of step
        } else if (message instanceof HttpObject part && part.decoderResult().isFailure()) {
          exchange.failed(context.channel(), part.decoderResult().cause(), false);
        } else {
          if (message instanceof HttpResponse head) {
            exchange.head(head);
          }
          if (message instanceof HttpContent content) {
            exchange.content(context.channel(), content);
          }
        }
      } finally {
        ReferenceCountUtil.release(message);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
      Exchange exchange = context.channel().attr(EXCHANGE).get();
      if (exchange != null) {
        exchange.failed(context.channel(), new IOException("the connection closed before the reply"), true);
      }
      context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      Exchange exchange = context.channel().attr(EXCHANGE).get();
      if (exchange != null) {
        exchange.failed(context.channel(), cause, false);
      } else {
        context.close();
      }
    }
  }

  private static IOException asIoException(Throwable cause) {
    return cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
  }

  /** The JVM's TLS context: its trust store ({@code javax.net.ssl.trustStore}) and key store. */
  private static SSLContext defaultTls() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JVM has no default TLS context for https endpoints", e);
    }
  }
}
