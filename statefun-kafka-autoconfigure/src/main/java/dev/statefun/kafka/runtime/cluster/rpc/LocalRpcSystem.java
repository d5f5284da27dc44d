package dev.statefun.kafka.runtime.cluster.rpc;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RpcOptions;
import org.apache.flink.runtime.rpc.AddressResolution;
import org.apache.flink.runtime.rpc.RpcService;
import org.apache.flink.runtime.rpc.RpcSystem;

/**
 * Flink's RPC for a cluster that lives in one JVM: a gateway's call goes straight into its
 * endpoint's mailbox and runs on the endpoint's main thread, with no actor system, no message
 * serialization and none of the Pekko RPC jar's classes (about 1,400, unpacked to a temporary
 * file at every start). The semantics are those of Flink's Pekko RPC for local actors: one
 * message at a time per endpoint in the order sent, messages before the start refused, calls
 * answered on another thread than the endpoint's, asks timing out, fenced endpoints refusing
 * messages with another fencing token. Endpoints of every service of this system find each
 * other by address; another system's, or another JVM's, are out of reach. Internal.
 */
public final class LocalRpcSystem implements RpcSystem {

  static final String SCHEME = "local";

  private final Map<String, LocalRpcServer> servers = new ConcurrentHashMap<>();

  @Override
  public RpcServiceBuilder localServiceBuilder(Configuration configuration) {
    return new Builder(configuration);
  }

  @Override
  public RpcServiceBuilder remoteServiceBuilder(Configuration configuration, String externalAddress,
      String externalPortRange) {
    throw new UnsupportedOperationException("The embedded cluster's RPC is local to its JVM; it cannot serve "
        + externalAddress + ":" + externalPortRange);
  }

  @Override
  public String getRpcUrl(String hostname, int port, String endpointName, AddressResolution resolution,
      Configuration configuration) {
    return SCHEME + "://" + hostname + ":" + port + "/" + endpointName;
  }

  @Override
  public InetSocketAddress getInetSocketAddressFromRpcUrl(String url) {
    URI uri = URI.create(url);
    return InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort());
  }

  @Override
  public long getMaximumMessageSizeInBytes(Configuration configuration) {
    return MemorySize.parse(configuration.get(RpcOptions.FRAMESIZE)).getBytes();
  }

  private final class Builder implements RpcServiceBuilder {

    private final Configuration configuration;
    private String componentName = "flink";

    private Builder(Configuration configuration) {
      this.configuration = configuration;
    }

    @Override
    public RpcServiceBuilder withComponentName(String name) {
      this.componentName = name;
      return this;
    }

    @Override
    public RpcServiceBuilder withBindAddress(String bindAddress) {
      return this;
    }

    @Override
    public RpcServiceBuilder withBindPort(int bindPort) {
      return this;
    }

    @Override
    public RpcServiceBuilder withExecutorConfiguration(FixedThreadPoolExecutorConfiguration executor) {
      return this;
    }

    @Override
    public RpcServiceBuilder withExecutorConfiguration(ForkJoinExecutorConfiguration executor) {
      return this;
    }

    @Override
    public RpcService createAndStart() {
      return new LocalRpcService(componentName, configuration.get(RpcOptions.ASK_TIMEOUT_DURATION), servers);
    }
  }
}
