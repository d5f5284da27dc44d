package dev.statefun.kafka.autoconfigure;

import dev.statefun.kafka.io.HttpFunctionEndpointSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * HTTP endpoints of remote functions ({@code statefun.endpoints[*]}): functions written with a
 * StateFun 3.x SDK (Java, Python, Go, JavaScript), called with StateFun's request-reply protocol.
 *
 * <pre>
 * statefun:
 *   endpoints:
 *     - functions: example/*              # one function type, or namespace/*
 *       url-path-template: http://localhost:8000/statefun/{function.name}
 *       max-num-batch-requests: 1000
 *       max-connections: 128
 *       timeouts: {call: 2m, connect: 20s}
 * </pre>
 *
 * <p>The same endpoints may come from a module YAML ({@code kind: io.statefun.endpoints.v2/http})
 * or from {@link HttpFunctionEndpointSpec} beans. Durations take Spring's forms: {@code 2m},
 * {@code 20s}, {@code 500ms}, {@code PT2M}.
 */
@ConfigurationProperties("statefun")
public class StatefunEndpointsProperties {

  /** HTTP endpoints of remote functions, each serving one function type or every type of a namespace. */
  private List<Endpoint> endpoints = new ArrayList<>();

  public List<Endpoint> getEndpoints() {
    return endpoints;
  }

  public void setEndpoints(List<Endpoint> endpoints) {
    this.endpoints = endpoints;
  }

  /** One HTTP endpoint. */
  public static class Endpoint {

    /** Function types served: namespace/name, or namespace/* for every type of it that nothing binds by name. */
    private String functions;

    /** URL of the functions, http or https; {function.name} stands for the function type's name. */
    private String urlPathTemplate;

    /** Messages that wait per address while a request is in flight; past it that address back-pressures. */
    private int maxNumBatchRequests = HttpFunctionEndpointSpec.DEFAULT_MAX_NUM_BATCH_REQUESTS;

    /**
     * Connections this JVM keeps to the endpoint's host and port, for all parallel instances
     * (StateFun's pool_size); a call finding none free waits, and its address's messages batch up.
     */
    private int maxConnections = HttpFunctionEndpointSpec.DEFAULT_MAX_CONNECTIONS;

    /** Timeouts of the calls to this endpoint. */
    private final Timeouts timeouts = new Timeouts();

    public String getFunctions() {
      return functions;
    }

    public void setFunctions(String functions) {
      this.functions = functions;
    }

    public String getUrlPathTemplate() {
      return urlPathTemplate;
    }

    public void setUrlPathTemplate(String urlPathTemplate) {
      this.urlPathTemplate = urlPathTemplate;
    }

    public int getMaxNumBatchRequests() {
      return maxNumBatchRequests;
    }

    public void setMaxNumBatchRequests(int maxNumBatchRequests) {
      this.maxNumBatchRequests = maxNumBatchRequests;
    }

    public int getMaxConnections() {
      return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
    }

    public Timeouts getTimeouts() {
      return timeouts;
    }
  }

  /**
   * Timeouts of calls to an endpoint. {@code read} and {@code write} are StateFun v1's (OkHttp's)
   * per-read and per-write socket timeouts; the JDK HTTP client used here has neither, so the call
   * timeout bounds every read and write. They are accepted so StateFun settings carry over, and
   * checked as StateFun did: positive and at most the call timeout.
   */
  public static class Timeouts {

    /** Whole call, retries and backoff included; past it the job fails and restarts from its last checkpoint. */
    private Duration call = HttpFunctionEndpointSpec.DEFAULT_CALL_TIMEOUT;

    /** Opening a connection to the endpoint. */
    private Duration connect = HttpFunctionEndpointSpec.DEFAULT_CONNECT_TIMEOUT;

    /** StateFun v1's timeout of one socket read; bounded by the call timeout here, at most call. */
    private Duration read;

    /** StateFun v1's timeout of one socket write; bounded by the call timeout here, at most call. */
    private Duration write;

    public Duration getCall() {
      return call;
    }

    public void setCall(Duration call) {
      this.call = call;
    }

    public Duration getConnect() {
      return connect;
    }

    public void setConnect(Duration connect) {
      this.connect = connect;
    }

    public Duration getRead() {
      return read;
    }

    public void setRead(Duration read) {
      this.read = read;
    }

    public Duration getWrite() {
      return write;
    }

    public void setWrite(Duration write) {
      this.write = write;
    }
  }
}
