package dev.statefun.kafka.runtime.cluster.rpc;

import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.runtime.rpc.FencedRpcEndpoint;
import org.apache.flink.runtime.rpc.FencedRpcGateway;
import org.apache.flink.runtime.rpc.MainThreadExecutable;
import org.apache.flink.runtime.rpc.MainThreadValidatorUtil;
import org.apache.flink.runtime.rpc.RpcEndpoint;
import org.apache.flink.runtime.rpc.RpcGateway;
import org.apache.flink.runtime.rpc.RpcGatewayUtils;
import org.apache.flink.runtime.rpc.RpcServer;
import org.apache.flink.runtime.rpc.RpcUtils;
import org.apache.flink.runtime.rpc.StartStoppable;
import org.apache.flink.runtime.rpc.exceptions.EndpointNotStartedException;
import org.apache.flink.runtime.rpc.exceptions.FencingTokenException;
import org.apache.flink.runtime.rpc.exceptions.RecipientUnreachableException;
import org.apache.flink.runtime.rpc.exceptions.RpcException;
import org.apache.flink.util.ExceptionUtils;
import org.apache.flink.util.MdcUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint of a {@link LocalRpcService}: its mailbox, drained on the service's pool one
 * message at a time as the endpoint's main thread; its lifecycle (stopped until started, then
 * running, terminating while {@code onStop} completes, terminated); and its self gateway, the
 * {@link RpcServer} the endpoint holds, which this class handles the calls of. Internal.
 */
final class LocalRpcServer implements InvocationHandler {

  private static final Logger LOG = LoggerFactory.getLogger(LocalRpcServer.class);
  /** Messages drained per turn on a pool thread before the endpoint yields it. */
  private static final int TURN = 64;

  private enum State {
    STOPPED, RUNNING, TERMINATING, TERMINATED;

    boolean running() {
      return this == RUNNING || this == TERMINATING;
    }
  }

  private final LocalRpcService service;
  private final RpcEndpoint endpoint;
  private final String address;
  private final Map<String, String> loggingContext;
  private final MainThreadValidatorUtil mainThread;
  private final RpcServer self;
  private final Queue<Runnable> mailbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final CompletableFuture<Void> termination = new CompletableFuture<>();
  private volatile State state = State.STOPPED;

  LocalRpcServer(LocalRpcService service, RpcEndpoint endpoint, String address, Map<String, String> loggingContext) {
    this.service = service;
    this.endpoint = endpoint;
    this.address = address;
    this.loggingContext = loggingContext;
    this.mainThread = new MainThreadValidatorUtil(endpoint);
    Set<Class<?>> gateways = new HashSet<>(RpcUtils.extractImplementedRpcGateways(endpoint.getClass()));
    gateways.add(RpcServer.class);
    this.self = (RpcServer) Proxy.newProxyInstance(endpoint.getClass().getClassLoader(),
        gateways.toArray(new Class<?>[0]), this);
  }

  RpcServer self() {
    return self;
  }

  String address() {
    return address;
  }

  boolean serves(Class<?> gateway) {
    return gateway.isInstance(endpoint);
  }

  // ---- the self gateway

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    Class<?> declaring = method.getDeclaringClass();
    if (declaring == Object.class) {
      return objectMethod(proxy, method, args, "self gateway of " + address);
    }
    if (declaring == RpcGateway.class) {
      return method.getName().equals("getAddress") ? address : hostname();
    }
    if (declaring == FencedRpcGateway.class) {
      return ((FencedRpcEndpoint<?>) endpoint).getFencingToken();
    }
    if (declaring == StartStoppable.class) {
      if (method.getName().equals("start")) {
        start();
      } else {
        stop();
      }
      return null;
    }
    if (declaring == MainThreadExecutable.class) {
      return mainThreadExecutable(method, args);
    }
    if (declaring == RpcServer.class) {
      return termination;
    }
    return call(method, args, null, true);
  }

  private Object mainThreadExecutable(Method method, Object[] args) {
    switch (method.getName()) {
      case "runAsync" -> runAsync((Runnable) args[0]);
      case "scheduleRunAsync" -> {
        long delay = (Long) args[1];
        if (delay <= 0) {
          runAsync((Runnable) args[0]);
        } else {
          service.schedule(() -> runAsync((Runnable) args[0]), delay);
        }
      }
      case "callAsync" -> {
        return callAsync((Callable<?>) args[0], (Duration) args[1]);
      }
      default -> throw new UnsupportedOperationException(method.toString());
    }
    return null;
  }

  static Object objectMethod(Object proxy, Method method, Object[] args, String description) {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      default -> description;
    };
  }

  static String hostname() {
    return "localhost";
  }

  // ---- calls, from the self gateway and from connected ones

  /**
   * Calls {@code method} on the endpoint in its main thread. {@code void} methods are told,
   * methods returning a future are asked (the future times out as the method's
   * {@code @RpcTimeout} argument or the ask timeout says), others wait for the answer.
   *
   * @param fencingToken what a fenced gateway sends; {@code null} from an unfenced one
   * @param fromSelf whether the endpoint's own gateway calls, which a fenced endpoint always lets in
   */
  Object call(Method method, Object[] args, Serializable fencingToken, boolean fromSelf) throws Exception {
    if (method.getReturnType() == Void.TYPE) {
      post(() -> {
        if (admits(method, fencingToken, fromSelf, null)) {
          inMainThread(() -> invokeOnEndpoint(method, args, null));
        }
      });
      return null;
    }
    Duration timeout = RpcGatewayUtils.extractRpcTimeout(method.getParameterAnnotations(), args, service.askTimeout());
    CompletableFuture<Object> reply = new CompletableFuture<>();
    post(() -> {
      if (admits(method, fencingToken, fromSelf, reply)) {
        inMainThread(() -> invokeOnEndpoint(method, args, reply));
      }
    });
    CompletableFuture<Object> answer = service.answer(reply, timeout,
        () -> "[" + method.getDeclaringClass().getSimpleName() + "." + method.getName() + "] at recipient [" + address + "]");
    if (method.getReturnType() == CompletableFuture.class) {
      return answer;
    }
    try {
      return answer.get();
    } catch (ExecutionException e) {
      throw new RpcException("Failure while obtaining synchronous RPC result.", ExceptionUtils.stripExecutionException(e));
    }
  }

  private boolean admits(Method method, Serializable fencingToken, boolean fromSelf, CompletableFuture<?> reply) {
    State now = state;
    if (!now.running()) {
      Exception refusal = now == State.STOPPED
          ? new EndpointNotStartedException("Discard message " + method.getName() + ", because the rpc endpoint "
              + address + " has not been started yet.")
          : new RecipientUnreachableException("unknown", address, method.getName());
      refuse(reply, refusal, method);
      return false;
    }
    if (fromSelf || !(endpoint instanceof FencedRpcEndpoint<?> fenced)) {
      return true;
    }
    Serializable expected = fenced.getFencingToken();
    if (fencingToken == null || !Objects.equals(expected, fencingToken)) {
      refuse(reply, new FencingTokenException("Fencing token mismatch: Ignoring message " + method.getName()
          + " because the fencing token " + fencingToken + " did not match the expected fencing token "
          + expected + "."), method);
      return false;
    }
    return true;
  }

  private void refuse(CompletableFuture<?> reply, Exception refusal, Method method) {
    if (reply != null) {
      reply.completeExceptionally(refusal);
    } else {
      LOG.debug("Dropped {}: {}", method.getName(), refusal.getMessage());
    }
  }

  private void invokeOnEndpoint(Method method, Object[] args, CompletableFuture<Object> reply) {
    Object value;
    try {
      if (!Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
        method.setAccessible(true);
      }
      value = method.invoke(endpoint, args);
    } catch (InvocationTargetException e) {
      failed(method, reply, e.getTargetException());
      return;
    } catch (Throwable t) {
      failed(method, reply, t);
      return;
    }
    if (reply == null) {
      return;
    }
    if (value instanceof CompletableFuture<?> future) {
      future.whenComplete((result, failure) -> {
        if (failure != null) {
          reply.completeExceptionally(failure);
        } else {
          reply.complete(result);
        }
      });
    } else {
      reply.complete(value);
    }
  }

  private void failed(Method method, CompletableFuture<Object> reply, Throwable failure) {
    if (reply != null) {
      reply.completeExceptionally(failure);
    } else {
      LOG.error("Error while executing remote procedure call {}.", method, failure);
    }
  }

  private void runAsync(Runnable runnable) {
    post(() -> {
      if (state.running()) {
        inMainThread(() -> {
          try {
            runnable.run();
          } catch (Throwable t) {
            LOG.error("Caught exception while executing runnable in main thread.", t);
            ExceptionUtils.rethrowIfFatalErrorOrOOM(t);
          }
        });
      }
    });
  }

  private <V> CompletableFuture<V> callAsync(Callable<V> callable, Duration timeout) {
    CompletableFuture<V> reply = new CompletableFuture<>();
    post(() -> {
      if (!state.running()) {
        reply.completeExceptionally(new EndpointNotStartedException("Discard a callable, because the rpc endpoint "
            + address + " is not running."));
        return;
      }
      inMainThread(() -> {
        try {
          reply.complete(callable.call());
        } catch (Throwable t) {
          reply.completeExceptionally(t);
        }
      });
    });
    return service.answer(reply, timeout, () -> "a callable at recipient [" + address + "]");
  }

  // ---- lifecycle

  private void start() {
    post(() -> {
      if (state != State.STOPPED) {
        return;
      }
      state = State.RUNNING;
      Throwable failure = inMainThread(() -> {
        try {
          endpoint.internalCallOnStart();
          return null;
        } catch (Throwable t) {
          return t;
        }
      });
      if (failure != null) {
        finish(new RpcException("Could not start RpcEndpoint " + endpoint.getEndpointId() + ".", failure));
      }
    });
  }

  private void stop() {
    post(() -> {
      if (state == State.RUNNING) {
        state = State.STOPPED;
      }
    });
  }

  /** Stops the endpoint ({@code onStop}, then no more messages); completes when it has. */
  CompletableFuture<Void> terminate() {
    post(() -> {
      switch (state) {
        case STOPPED -> finish(null);
        case RUNNING -> {
          state = State.TERMINATING;
          CompletableFuture<Void> stopped = inMainThread(() -> {
            try {
              return endpoint.internalCallOnStop();
            } catch (Throwable t) {
              return CompletableFuture.<Void>failedFuture(t);
            }
          });
          stopped.whenComplete((done, failure) -> finish(failure == null ? null
              : new RpcException("Failure while stopping RpcEndpoint " + endpoint.getEndpointId() + ".", failure)));
        }
        default -> {
        }
      }
    });
    return termination;
  }

  private void finish(Throwable failure) {
    state = State.TERMINATED;
    service.terminated(this);
    if (failure != null) {
      LOG.info("The RpcEndpoint {} failed.", endpoint.getEndpointId(), failure);
    }
    service.execute(() -> {
      if (failure == null) {
        termination.complete(null);
      } else {
        termination.completeExceptionally(failure);
      }
    });
    post(() -> { }); // drains what came in meanwhile, refusing it
  }

  // ---- the mailbox

  private void post(Runnable message) {
    mailbox.add(message);
    if (draining.compareAndSet(false, true)) {
      service.execute(this::drain);
    }
  }

  private void drain() {
    try {
      for (int i = 0; i < TURN; i++) {
        Runnable message = mailbox.poll();
        if (message == null) {
          break;
        }
        message.run();
      }
    } finally {
      draining.set(false);
      if (!mailbox.isEmpty() && draining.compareAndSet(false, true)) {
        service.execute(this::drain);
      }
    }
  }

  private void inMainThread(Runnable action) {
    inMainThread(() -> {
      action.run();
      return null;
    });
  }

  private <T> T inMainThread(java.util.function.Supplier<T> action) {
    mainThread.enterMainThread();
    try (MdcUtils.MdcCloseable mdc = MdcUtils.withContext(loggingContext)) {
      return action.get();
    } finally {
      mainThread.exitMainThread();
    }
  }
}
