package dev.statefun.kafka.runtime.remote;

import dev.statefun.kafka.io.HttpFunctionEndpointSpec;
import dev.statefun.kafka.sdk.Address;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts requests to one endpoint with Apache HttpClient 5's minimal asynchronous client: non-blocking I/O
 * on one reactor thread, keep-alive connections pooled and reused ({@code http} as HTTP/1.1,
 * {@code https} negotiating HTTP/2 where the server offers it, trusting the JVM's trust store).
 * I/O errors, timeouts and the statuses StateFun retried (408, 409, 420, 429, 499, 5xx) are retried
 * with exponential backoff until the endpoint's call timeout has passed; each failure is logged
 * with the function type, address, URL, status and the start of the reply.
 *
 * <p>Measured against the JDK's {@code java.net.http.HttpClient} in bench/ (README "Remote
 * functions"). Internal.
 */
public final class HttpFunctionClient {

  private static final Logger LOG = LoggerFactory.getLogger(HttpFunctionClient.class);
  private static final Set<Integer> RETRIED = Set.of(408, 409, 420, 429, 499);
  private static final long FIRST_BACKOFF_MILLIS = 20;
  private static final long MAX_BACKOFF_MILLIS = 2_000;
  private static final int REPLY_START = 200;
  private static final ContentType OCTET_STREAM = ContentType.APPLICATION_OCTET_STREAM;

  /** Hears how each attempt ended: {@code success}, {@code retry} or {@code failure}. */
  public interface CallListener {
    CallListener NONE = (target, outcome, nanos) -> {};

    void attempt(Address target, String outcome, long nanos);
  }

  /**
   * One client per connect timeout and JVM-wide TLS context in a JVM, shared by every parallel
   * instance: one reactor thread and one pool of keep-alive connections.
   */
  private static final Map<ClientSettings, CloseableHttpAsyncClient> SHARED = new ConcurrentHashMap<>();

  private record ClientSettings(Duration connectTimeout, SSLContext tls) {}

  private final HttpFunctionEndpointSpec endpoint;
  private final CloseableHttpAsyncClient client;
  private final CallListener listener;

  public HttpFunctionClient(HttpFunctionEndpointSpec endpoint, CallListener listener) {
    this.endpoint = endpoint;
    this.listener = listener;
    this.client = SHARED.computeIfAbsent(new ClientSettings(endpoint.connectTimeout(), defaultTls()),
        HttpFunctionClient::newClient);
  }

  private static CloseableHttpAsyncClient newClient(ClientSettings settings) {
    // The minimal client: no execution chain (redirects, cookies, authentication, retries), none of which is used
    // here. With the lax pool (no pool-wide lock between the task threads leasing and the reactor releasing) the app
    // took 7 % less CPU per call than with the full client (bench/README, "Minimal client").
    CloseableHttpAsyncClient client = HttpAsyncClients.createMinimal(HttpVersionPolicy.NEGOTIATE, H2Config.DEFAULT,
        Http1Config.DEFAULT, IOReactorConfig.custom().setIoThreadCount(1).build(),
        PoolingAsyncClientConnectionManagerBuilder.create()
            .setMaxConnTotal(4096)
            .setMaxConnPerRoute(4096)
            .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
            .setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                .build())
            .setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(settings.tls()).build())
            .build());
    client.start();
    return client;
  }

  /** The JVM's TLS context: its trust store ({@code javax.net.ssl.trustStore}) and key store. */
  private static SSLContext defaultTls() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JVM has no default TLS context for https endpoints", e);
    }
  }

  /** Posts {@code body} to {@code url}; completes with the reply's body, or exceptionally with a {@link RemoteFunctionException}. */
  public CompletableFuture<byte[]> call(Address target, URI url, byte[] body) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    long deadline = System.nanoTime() + endpoint.callTimeout().toNanos();
    attempt(target, url, body, deadline, 1, FIRST_BACKOFF_MILLIS, result);
    return result;
  }

  private void attempt(Address target, URI url, byte[] body, long deadline, int attempt, long backoff,
      CompletableFuture<byte[]> result) {
    long start = System.nanoTime();
    SimpleHttpRequest request = SimpleHttpRequest.create("POST", url);
    request.setBody(body, OCTET_STREAM);
    request.setConfig(RequestConfig.custom()
        .setResponseTimeout(Timeout.ofMilliseconds(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - start))))
        .build());
    client.execute(request, new FutureCallback<>() {
      @Override
      public void completed(SimpleHttpResponse response) {
        ended(response, null);
      }

      @Override
      public void failed(Exception error) {
        ended(null, error);
      }

      @Override
      public void cancelled() {
        ended(null, new IOException("the call was cancelled"));
      }

      private void ended(SimpleHttpResponse response, Exception error) {
        long now = System.nanoTime();
        if (error == null && response.getCode() / 100 == 2) {
          listener.attempt(target, "success", now - start);
          byte[] reply = response.getBodyBytes();
          result.complete(reply == null ? new byte[0] : reply);
          return;
        }
        boolean retryable = error != null ? error instanceof IOException : isRetried(response.getCode());
        String failure = describe(target, url, response, error, attempt);
        long nextBackoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        if (retryable && now + TimeUnit.MILLISECONDS.toNanos(backoff) < deadline) {
          listener.attempt(target, "retry", now - start);
          LOG.warn("{}; retrying in {} ms (call timeout {})", failure, backoff, endpoint.callTimeout());
          CompletableFuture.delayedExecutor(backoff, TimeUnit.MILLISECONDS)
              .execute(() -> attempt(target, url, body, deadline, attempt + 1, nextBackoff, result));
          return;
        }
        listener.attempt(target, "failure", now - start);
        String reason = retryable
            ? "; the call timeout (" + endpoint.callTimeout() + ") has passed"
            : "; this status is not retried";
        LOG.error("{}{}", failure, reason);
        result.completeExceptionally(new RemoteFunctionException(failure + reason, error));
      }
    });
  }

  private static boolean isRetried(int status) {
    return status >= 500 || RETRIED.contains(status);
  }

  private static String describe(Address target, URI url, SimpleHttpResponse response, Throwable cause, int attempt) {
    StringBuilder text = new StringBuilder("Call of remote function ").append(target.type())
        .append(" for address ").append(target).append(" at ").append(url).append(" failed (attempt ")
        .append(attempt).append("): ");
    if (cause != null) {
      text.append(cause.getClass().getSimpleName()).append(cause.getMessage() == null ? "" : ": " + cause.getMessage());
    } else {
      text.append("HTTP ").append(response.getCode()).append(", reply starts with '")
          .append(replyStart(response.getBodyBytes())).append("'");
    }
    return text.toString();
  }

  /** The first characters of a reply, printable ones only, for a log line. */
  static String replyStart(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    String text = new String(body, 0, Math.min(body.length, REPLY_START), StandardCharsets.UTF_8);
    return text.replaceAll("[^\\p{Print}]", "?") + (body.length > REPLY_START ? "…" : "");
  }
}
