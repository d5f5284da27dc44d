package dev.statefun.kafka.runtime.cluster.rpc;

import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import org.apache.flink.runtime.rpc.FencedRpcGateway;
import org.apache.flink.runtime.rpc.RpcGateway;

/**
 * A gateway {@link LocalRpcService#connect connected} to an endpoint: its calls go into the
 * endpoint's mailbox, with the fencing token it was connected with, if any. Internal.
 */
final class LocalRpcGateway implements InvocationHandler {

  private final LocalRpcServer target;
  private final Serializable fencingToken;

  LocalRpcGateway(LocalRpcServer target, Serializable fencingToken) {
    this.target = target;
    this.fencingToken = fencingToken;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    Class<?> declaring = method.getDeclaringClass();
    if (declaring == Object.class) {
      return LocalRpcServer.objectMethod(proxy, method, args, "gateway to " + target.address());
    }
    if (declaring == RpcGateway.class) {
      return method.getName().equals("getAddress") ? target.address() : LocalRpcServer.hostname();
    }
    if (declaring == FencedRpcGateway.class) {
      if (fencingToken == null) {
        throw new UnsupportedOperationException("This gateway to " + target.address()
            + " was connected without a fencing token");
      }
      return fencingToken;
    }
    return target.call(method, args, fencingToken, false);
  }
}
