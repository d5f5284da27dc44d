package dev.statefun.kafka.runtime.remote;

import dev.statefun.kafka.io.HttpFunctionEndpointSpec;
import dev.statefun.kafka.sdk.Address;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts requests to one endpoint with the JDK's {@link HttpClient}: asynchronous, keep-alive
 * connections reused ({@code http} as HTTP/1.1, {@code https} negotiating HTTP/2 where the server
 * offers it, trusting the JVM's trust store). I/O errors, timeouts and the statuses StateFun
 * retried (408, 409, 420, 429, 499, 5xx) are retried with exponential backoff until the
 * endpoint's call timeout has passed; each failure is logged with the function type, address,
 * URL, status and the start of the reply.
 *
 * <p>Internal.
 */
public final class HttpFunctionClient {

  private static final Logger LOG = LoggerFactory.getLogger(HttpFunctionClient.class);
  private static final Set<Integer> RETRIED = Set.of(408, 409, 420, 429, 499);
  private static final long FIRST_BACKOFF_MILLIS = 20;
  private static final long MAX_BACKOFF_MILLIS = 2_000;
  private static final int REPLY_START = 200;

  /** Hears how each attempt ended: {@code success}, {@code retry} or {@code failure}. */
  public interface CallListener {
    CallListener NONE = (target, outcome, nanos) -> {};

    void attempt(Address target, String outcome, long nanos);
  }

  private final HttpFunctionEndpointSpec endpoint;
  private final HttpClient client;
  private final CallListener listener;

  public HttpFunctionClient(HttpFunctionEndpointSpec endpoint, CallListener listener) {
    this.endpoint = endpoint;
    this.listener = listener;
    this.client = SHARED.computeIfAbsent(new ClientSettings(endpoint.connectTimeout(), defaultTls()),
        HttpFunctionClient::newClient);
  }

  /**
   * One client per connect timeout (and JVM-wide TLS context) in a JVM, shared by every parallel
   * instance: one selector thread, one executor and one pool of keep-alive connections.
   */
  private static final Map<ClientSettings, HttpClient> SHARED = new ConcurrentHashMap<>();

  private record ClientSettings(Duration connectTimeout, SSLContext tls) {}

  private static HttpClient newClient(ClientSettings settings) {
    if (ForkJoinPool.getCommonPoolParallelism() <= 1) {
      LOG.warn("The JDK's HTTP client hands every reply of a remote function to CompletableFuture's default executor, "
          + "which starts a thread per reply while the common pool's parallelism is 1 (as on a machine with 2 cores): "
          + "run the JVM with -D{}=2 (or more) for about twice the throughput of remote functions",
          "java.util.concurrent.ForkJoinPool.common.parallelism");
    }
    return HttpClient.newBuilder()
        .connectTimeout(settings.connectTimeout())
        .sslContext(settings.tls())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
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
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .timeout(Duration.ofNanos(Math.max(1, deadline - start)))
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if ("http".equalsIgnoreCase(url.getScheme())) {
      request.version(HttpClient.Version.HTTP_1_1);
    }
    client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
      long now = System.nanoTime();
      if (error == null && response.statusCode() / 100 == 2) {
        listener.attempt(target, "success", now - start);
        result.complete(response.body());
        return;
      }
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      boolean retryable = cause != null ? cause instanceof IOException : isRetried(response.statusCode());
      String failure = describe(target, url, response, cause, attempt);
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
      result.completeExceptionally(new RemoteFunctionException(failure + reason, cause));
    });
  }

  private static boolean isRetried(int status) {
    return status >= 500 || RETRIED.contains(status);
  }

  private static String describe(Address target, URI url, HttpResponse<byte[]> response, Throwable cause, int attempt) {
    StringBuilder text = new StringBuilder("Call of remote function ").append(target.type())
        .append(" for address ").append(target).append(" at ").append(url).append(" failed (attempt ")
        .append(attempt).append("): ");
    if (cause != null) {
      text.append(cause.getClass().getSimpleName()).append(cause.getMessage() == null ? "" : ": " + cause.getMessage());
    } else {
      text.append("HTTP ").append(response.statusCode()).append(", reply starts with '")
          .append(replyStart(response.body())).append("'");
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
