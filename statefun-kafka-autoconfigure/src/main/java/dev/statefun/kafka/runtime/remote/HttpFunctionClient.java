package dev.statefun.kafka.runtime.remote;

import dev.statefun.kafka.io.HttpFunctionEndpointSpec;
import dev.statefun.kafka.runtime.universe.UniverseHandle;
import dev.statefun.kafka.sdk.Address;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts requests to one endpoint over {@link HttpTransport} (non-blocking, keep-alive connections
 * pooled and reused, {@code http} and {@code https} trusting the JVM's trust store). I/O errors,
 * timeouts and the statuses StateFun retried (408, 409, 420, 429, 499, 5xx) are retried with
 * exponential backoff until the endpoint's call timeout has passed; each failure is logged with the
 * function type, address, URL, status and the start of the reply.
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
  private final URI url;
  private final HttpTransport.Target transport;
  private final CallListener listener;

  /**
   * Has the HTTP transport's event loop stopped when Flink releases the job's user code class
   * loader, where that loader holds a copy of this package of its own (a job jar on a Flink
   * cluster, loaded child first). Where Flink's class loader holds it too (an embedded cluster,
   * or the jar in Flink's {@code lib/}), every job shares it, and nothing is registered.
   */
  public static void releaseWith(UniverseHandle.ReleaseHooks hooks) {
    if (HttpTransport.class.getClassLoader() != RuntimeContext.class.getClassLoader()) {
      hooks.registerIfAbsent("statefun http transport", HttpTransport::shutdown);
    }
  }

  /** A client for the functions of {@code endpoint} at {@code url}. */
  public HttpFunctionClient(HttpFunctionEndpointSpec endpoint, URI url, CallListener listener) {
    this.endpoint = endpoint;
    this.url = url;
    this.transport = HttpTransport.target(url, endpoint.connectTimeout(), endpoint.maxConnections());
    this.listener = listener;
  }

  /**
   * Posts {@code body}; completes with the reply's body, or exceptionally with a {@link
   * RemoteFunctionException}. The call timeout counts from the first attempt's sending: waiting
   * for a free connection is the instance's back-pressure, not the function's slowness.
   */
  public CompletableFuture<byte[]> call(Address target, byte[] body) {
    Call call = new Call(target, body);
    call.attempt(1, FIRST_BACKOFF_MILLIS);
    return call.result;
  }

  /** One call's attempts; its deadline is set when the first attempt is sent, or fails unsent. */
  private final class Call {
    private final Address target;
    private final byte[] body;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private volatile long deadline;

    Call(Address target, byte[] body) {
      this.target = target;
      this.body = body;
    }

    void attempt(int attempt, long backoff) {
      long start = System.nanoTime();
      Duration replyTimeout = deadline == 0 ? endpoint.callTimeout()
          : Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), deadline - start));
      transport.post(body, replyTimeout, () -> {
        if (deadline == 0) {
          deadline = System.nanoTime() + endpoint.callTimeout().toNanos();
        }
      }).whenComplete((response, error) -> ended(attempt, backoff, start, response, error));
    }

    private void ended(int attempt, long backoff, long start, HttpTransport.Reply response, Throwable error) {
      long now = System.nanoTime();
      if (error == null && response.status() / 100 == 2) {
        listener.attempt(target, "success", now - start);
        result.complete(response.body());
        return;
      }
      boolean retryable = error != null ? error instanceof IOException : isRetried(response.status());
      String failure = describe(target, url, response, error, attempt);
      long nextBackoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      if (deadline == 0) {
        deadline = now + endpoint.callTimeout().toNanos(); // never sent (no connection): the timeout counts from here
      }
      if (retryable && now + TimeUnit.MILLISECONDS.toNanos(backoff) < deadline) {
        listener.attempt(target, "retry", now - start);
        LOG.warn("{}; retrying in {} ms (call timeout {})", failure, backoff, endpoint.callTimeout());
        CompletableFuture.delayedExecutor(backoff, TimeUnit.MILLISECONDS)
            .execute(() -> attempt(attempt + 1, nextBackoff));
        return;
      }
      listener.attempt(target, "failure", now - start);
      String reason = retryable
          ? "; the call timeout (" + endpoint.callTimeout() + ") has passed"
          : "; this status is not retried";
      LOG.error("{}{}", failure, reason);
      result.completeExceptionally(new RemoteFunctionException(failure + reason, error));
    }
  }

  private static boolean isRetried(int status) {
    return status >= 500 || RETRIED.contains(status);
  }

  private static String describe(Address target, URI url, HttpTransport.Reply response, Throwable cause, int attempt) {
    StringBuilder text = new StringBuilder("Call of remote function ").append(target.type())
        .append(" for address ").append(target).append(" at ").append(url).append(" failed (attempt ")
        .append(attempt).append("): ");
    if (cause != null) {
      text.append(cause.getClass().getSimpleName()).append(cause.getMessage() == null ? "" : ": " + cause.getMessage());
    } else {
      text.append("HTTP ").append(response.status()).append(", reply starts with '")
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
