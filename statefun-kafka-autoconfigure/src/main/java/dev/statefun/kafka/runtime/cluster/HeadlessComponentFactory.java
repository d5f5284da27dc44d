package dev.statefun.kafka.runtime.cluster;

import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.failure.FailureEnricher;
import org.apache.flink.runtime.blob.BlobServer;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.dispatcher.DispatcherGateway;
import org.apache.flink.runtime.dispatcher.DispatcherId;
import org.apache.flink.runtime.dispatcher.DispatcherOperationCaches;
import org.apache.flink.runtime.dispatcher.ExecutionGraphInfoStore;
import org.apache.flink.runtime.dispatcher.PartialDispatcherServices;
import org.apache.flink.runtime.dispatcher.SessionDispatcherFactory;
import org.apache.flink.runtime.dispatcher.VoidHistoryServerArchivist;
import org.apache.flink.runtime.dispatcher.runner.DefaultDispatcherRunnerFactory;
import org.apache.flink.runtime.dispatcher.runner.DispatcherRunner;
import org.apache.flink.runtime.entrypoint.ClusterInformation;
import org.apache.flink.runtime.entrypoint.component.DispatcherResourceManagerComponent;
import org.apache.flink.runtime.entrypoint.component.DispatcherResourceManagerComponentFactory;
import org.apache.flink.runtime.heartbeat.HeartbeatServices;
import org.apache.flink.runtime.highavailability.HighAvailabilityServices;
import org.apache.flink.runtime.jobmanager.HaServicesJobPersistenceComponentFactory;
import org.apache.flink.runtime.leaderretrieval.LeaderRetrievalService;
import org.apache.flink.runtime.metrics.MetricRegistry;
import org.apache.flink.runtime.metrics.groups.JobManagerMetricGroup;
import org.apache.flink.runtime.resourcemanager.ResourceManagerGateway;
import org.apache.flink.runtime.resourcemanager.ResourceManagerId;
import org.apache.flink.runtime.resourcemanager.ResourceManagerService;
import org.apache.flink.runtime.resourcemanager.ResourceManagerServiceImpl;
import org.apache.flink.runtime.resourcemanager.StandaloneResourceManagerFactory;
import org.apache.flink.runtime.rest.RestService;
import org.apache.flink.runtime.rpc.FatalErrorHandler;
import org.apache.flink.runtime.rpc.RpcService;
import org.apache.flink.runtime.rpc.RpcUtils;
import org.apache.flink.runtime.security.token.DelegationTokenManager;
import org.apache.flink.runtime.webmonitor.retriever.MetricQueryServiceRetriever;
import org.apache.flink.runtime.webmonitor.retriever.impl.RpcGatewayRetriever;
import org.apache.flink.util.FlinkException;
import org.apache.flink.util.concurrent.ExponentialBackoffRetryStrategy;
import org.apache.flink.util.concurrent.FutureUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher and resource manager of a session cluster, as Flink's own component factory
 * starts them, without the REST endpoint: no web UI, no REST handlers, no Netty server, no metric
 * fetcher and none of their threads. Jobs are submitted and watched through the MiniCluster's own
 * gateways, which do not need it. Internal.
 *
 * <p>Flink builds its {@link DispatcherResourceManagerComponent} only in its own package; this
 * factory reaches the constructor by reflection (Flink's jars are not modules, so nothing is
 * opened) and is {@link #available() unavailable} should a Flink version change it: the cluster
 * then starts with its REST endpoint, as Flink's factory does.
 */
final class HeadlessComponentFactory implements DispatcherResourceManagerComponentFactory {

  private static final Logger LOG = LoggerFactory.getLogger(HeadlessComponentFactory.class);
  private static final Constructor<DispatcherResourceManagerComponent> COMPONENT = componentConstructor();

  /** What Flink's factory answers for a REST endpoint that does not run. */
  private static final RestService NO_REST_ENDPOINT = new RestService() {
    @Override
    public int getRestPort() {
      return -1;
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
      return FutureUtils.completedVoidFuture();
    }
  };

  @Override
  public DispatcherResourceManagerComponent create(Configuration configuration, ResourceID resourceId,
      Executor ioExecutor, RpcService rpcService, HighAvailabilityServices haServices, BlobServer blobServer,
      HeartbeatServices heartbeatServices, DelegationTokenManager delegationTokenManager,
      MetricRegistry metricRegistry, ExecutionGraphInfoStore executionGraphInfoStore,
      MetricQueryServiceRetriever metricQueryServiceRetriever, Collection<FailureEnricher> failureEnrichers,
      FatalErrorHandler fatalErrorHandler) throws Exception {
    LeaderRetrievalService dispatcherLeader = haServices.getDispatcherLeaderRetriever();
    LeaderRetrievalService resourceManagerLeader = haServices.getResourceManagerLeaderRetriever();
    var dispatcherGateway = new RpcGatewayRetriever<>(rpcService, DispatcherGateway.class, DispatcherId::fromUuid,
        retries());
    var resourceManagerGateway = new RpcGatewayRetriever<>(rpcService, ResourceManagerGateway.class,
        ResourceManagerId::fromUuid, retries());
    String hostname = RpcUtils.getHostname(rpcService);
    DispatcherOperationCaches operationCaches = new DispatcherOperationCaches(
        configuration.get(RestOptions.ASYNC_OPERATION_STORE_DURATION));
    ResourceManagerService resourceManager = null;
    DispatcherRunner dispatcher = null;
    try {
      resourceManager = ResourceManagerServiceImpl.create(StandaloneResourceManagerFactory.getInstance(),
          configuration, resourceId, rpcService, haServices, heartbeatServices, delegationTokenManager,
          fatalErrorHandler, new ClusterInformation(hostname, blobServer.getPort()), null, metricRegistry, hostname,
          ioExecutor);
      PartialDispatcherServices dispatcherServices = new PartialDispatcherServices(configuration, haServices,
          resourceManagerGateway, blobServer, heartbeatServices,
          () -> JobManagerMetricGroup.createJobManagerMetricGroup(metricRegistry, hostname), executionGraphInfoStore,
          fatalErrorHandler, VoidHistoryServerArchivist.INSTANCE, metricRegistry.getMetricQueryServiceGatewayRpcAddress(),
          ioExecutor, operationCaches, failureEnrichers);
      dispatcher = DefaultDispatcherRunnerFactory.createSessionRunner(SessionDispatcherFactory.INSTANCE)
          .createDispatcherRunner(haServices.getDispatcherLeaderElection(), fatalErrorHandler,
              new HaServicesJobPersistenceComponentFactory(haServices), ioExecutor, rpcService, dispatcherServices);
      resourceManager.start();
      resourceManagerLeader.start(resourceManagerGateway);
      dispatcherLeader.start(dispatcherGateway);
      return COMPONENT.newInstance(dispatcher, resourceManager, dispatcherLeader, resourceManagerLeader,
          NO_REST_ENDPOINT, fatalErrorHandler, operationCaches);
    } catch (Exception e) {
      dispatcherLeader.stop();
      resourceManagerLeader.stop();
      List<CompletableFuture<Void>> closing = new ArrayList<>(List.of(operationCaches.closeAsync()));
      if (resourceManager != null) {
        closing.add(resourceManager.closeAsync());
      }
      if (dispatcher != null) {
        closing.add(dispatcher.closeAsync());
      }
      FutureUtils.completeAll(closing).exceptionally(ignored -> null).join();
      throw new FlinkException("Could not create the dispatcher and resource manager.", e);
    }
  }

  /** Whether this Flink version's component can be built without a REST endpoint. */
  static boolean available() {
    return COMPONENT != null;
  }

  private static Constructor<DispatcherResourceManagerComponent> componentConstructor() {
    try {
      Constructor<DispatcherResourceManagerComponent> constructor = DispatcherResourceManagerComponent.class
          .getDeclaredConstructor(DispatcherRunner.class, ResourceManagerService.class, LeaderRetrievalService.class,
              LeaderRetrievalService.class, RestService.class, FatalErrorHandler.class, DispatcherOperationCaches.class);
      constructor.setAccessible(true);
      return constructor;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.info("The embedded cluster runs its REST endpoint (on a free port) even with the web UI off: {}", e.toString());
      return null;
    }
  }

  /** Flink's own retries for reaching the dispatcher and resource manager once they lead. */
  private static ExponentialBackoffRetryStrategy retries() {
    return new ExponentialBackoffRetryStrategy(12, Duration.ofMillis(10), Duration.ofMillis(50));
  }
}
