package dev.statefun.kafka.runtime.cluster.rpc;

import java.io.Serializable;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.flink.runtime.rpc.FencedRpcGateway;
import org.apache.flink.runtime.rpc.RpcEndpoint;
import org.apache.flink.runtime.rpc.RpcGateway;
import org.apache.flink.runtime.rpc.RpcServer;
import org.apache.flink.runtime.rpc.RpcService;
import org.apache.flink.runtime.rpc.exceptions.HandshakeException;
import org.apache.flink.runtime.rpc.exceptions.RpcConnectionException;
import org.apache.flink.runtime.rpc.exceptions.RpcRuntimeException;
import org.apache.flink.util.concurrent.FutureUtils;
import org.apache.flink.util.concurrent.ScheduledExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One component's RPC service of a {@link LocalRpcSystem}. Its endpoints' mailboxes, its answers
 * and its scheduled executor's tasks run on a pool that grows a thread only while all its threads
 * are busy (Flink's endpoints seldom are, so two or three threads serve a whole cluster) and lets
 * an idle one go after a minute; one timer thread schedules. Like Pekko's, these threads are not
 * daemons: a task thread started from an endpoint inherits that. Internal.
 */
final class LocalRpcService implements RpcService {

  private static final Logger LOG = LoggerFactory.getLogger(LocalRpcService.class);
  private static final AtomicInteger SERVICES = new AtomicInteger();
  /** Longer than any run: such a timeout is not scheduled at all. */
  private static final Duration UNBOUNDED = Duration.ofDays(365);

  private final String componentName;
  private final Duration askTimeout;
  private final Map<String, LocalRpcServer> addresses;
  private final Set<LocalRpcServer> servers = ConcurrentHashMap.newKeySet();
  private final ThreadPoolExecutor pool;
  private final ScheduledThreadPoolExecutor timer;
  private final ScheduledExecutor scheduledExecutor;
  private final CompletableFuture<Void> termination = new CompletableFuture<>();
  private boolean stopped;

  LocalRpcService(String componentName, Duration askTimeout, Map<String, LocalRpcServer> addresses) {
    this.componentName = componentName;
    this.askTimeout = askTimeout;
    this.addresses = addresses;
    String prefix = componentName + "-rpc-" + SERVICES.incrementAndGet();
    this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
        threads(prefix + "-"));
    this.timer = new ScheduledThreadPoolExecutor(1, threads(prefix + "-timer-"));
    timer.setRemoveOnCancelPolicy(true);
    this.scheduledExecutor = new LocalScheduledExecutor(timer, this::execute);
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    ClassLoader flink = LocalRpcService.class.getClassLoader();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(false);
      thread.setContextClassLoader(flink);
      return thread;
    };
  }

  @Override
  public String getAddress() {
    return "";
  }

  @Override
  public int getPort() {
    return -1;
  }

  @Override
  public <C extends RpcGateway> C getSelfGateway(Class<C> selfGatewayType, RpcServer rpcServer) {
    if (!selfGatewayType.isInstance(rpcServer)) {
      throw new ClassCastException("RpcEndpoint does not implement the RpcGateway interface of type "
          + selfGatewayType + '.');
    }
    return selfGatewayType.cast(rpcServer);
  }

  @Override
  public <C extends RpcGateway> CompletableFuture<C> connect(String address, Class<C> gateway) {
    return gateway(address, gateway, null);
  }

  @Override
  public <F extends Serializable, C extends FencedRpcGateway<F>> CompletableFuture<C> connect(String address,
      F fencingToken, Class<C> gateway) {
    return gateway(address, gateway, fencingToken);
  }

  private <C extends RpcGateway> CompletableFuture<C> gateway(String address, Class<C> gateway,
      Serializable fencingToken) {
    // answered on the pool, as Pekko answers on its dispatcher: callers' continuations never run inline
    return CompletableFuture.supplyAsync(() -> {
      LocalRpcServer server = addresses.get(address);
      if (server == null) {
        throw new CompletionException(new RpcConnectionException(
            "Could not connect to rpc endpoint under address " + address + "."));
      }
      if (!server.serves(gateway)) {
        throw new CompletionException(new HandshakeException(
            "The rpc endpoint does not support the gateway " + gateway.getSimpleName() + "."));
      }
      return gateway.cast(Proxy.newProxyInstance(gateway.getClassLoader(), new Class<?>[] {gateway},
          new LocalRpcGateway(server, fencingToken)));
    }, this::execute);
  }

  @Override
  public <C extends RpcEndpoint & RpcGateway> RpcServer startServer(C endpoint, Map<String, String> loggingContext) {
    String address = LocalRpcSystem.SCHEME + "://" + componentName + "/" + endpoint.getEndpointId();
    LocalRpcServer server = new LocalRpcServer(this, endpoint, address, loggingContext);
    synchronized (this) {
      if (stopped) {
        throw new IllegalStateException("RpcService is stopped");
      }
      if (addresses.putIfAbsent(address, server) != null) {
        throw new RpcRuntimeException("Could not start the RPC endpoint " + address + ": the address is taken");
      }
      servers.add(server);
    }
    LOG.debug("Started RPC endpoint for {} at {}", endpoint.getClass().getName(), address);
    return server.self();
  }

  @Override
  public void stopServer(RpcServer rpcServer) {
    if (Proxy.isProxyClass(rpcServer.getClass())
        && Proxy.getInvocationHandler(rpcServer) instanceof LocalRpcServer server && servers.remove(server)) {
      server.terminate();
    }
  }

  @Override
  public CompletableFuture<Void> closeAsync() {
    List<CompletableFuture<Void>> terminations = new ArrayList<>();
    synchronized (this) {
      if (stopped) {
        return termination;
      }
      stopped = true;
      servers.forEach(server -> terminations.add(server.terminate()));
      servers.clear();
    }
    FutureUtils.waitForAll(terminations).whenComplete((done, failure) -> {
      pool.shutdown();
      timer.shutdownNow();
      if (failure == null) {
        termination.complete(null);
      } else {
        termination.completeExceptionally(failure);
      }
    });
    return termination;
  }

  @Override
  public ScheduledExecutor getScheduledExecutor() {
    return scheduledExecutor;
  }

  Duration askTimeout() {
    return askTimeout;
  }

  /** Runs on the pool; once the pool is shut down, in the caller. */
  void execute(Runnable task) {
    try {
      pool.execute(task);
    } catch (RejectedExecutionException shutDown) {
      task.run();
    }
  }

  /** Runs {@code task} on the pool after the delay; nothing once the service is closed. */
  void schedule(Runnable task, long delayMillis) {
    onTimer(() -> execute(task), delayMillis);
  }

  private ScheduledFuture<?> onTimer(Runnable task, long delayMillis) {
    try {
      return timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      return null;
    }
  }

  /**
   * What a caller gets for an ask: {@code reply}'s outcome, completed on the pool, or a
   * {@link TimeoutException} naming the call once {@code timeout} has passed.
   */
  <T> CompletableFuture<T> answer(CompletableFuture<T> reply, Duration timeout, Supplier<String> call) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    ScheduledFuture<?> expiry = timeout.compareTo(UNBOUNDED) >= 0 ? null
        : onTimer(() -> answer.completeExceptionally(new TimeoutException(
            "Invocation of " + call.get() + " timed out after " + timeout.toMillis() + " ms.")), timeout.toMillis());
    reply.whenComplete((value, failure) -> {
      if (expiry != null) {
        expiry.cancel(false);
      }
      execute(() -> {
        if (failure != null) {
          answer.completeExceptionally(failure);
        } else {
          answer.complete(value);
        }
      });
    });
    return answer;
  }

  void terminated(LocalRpcServer server) {
    addresses.remove(server.address(), server);
    servers.remove(server);
  }
}
