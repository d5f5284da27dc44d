package dev.statefun.kafka.io;

import dev.statefun.kafka.sdk.FunctionType;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP endpoint serving remote functions with StateFun's 3.x request-reply protocol: functions
 * written with a StateFun SDK (Java, Python, Go, JavaScript) run unchanged behind it. Binds one
 * function type ({@code example/greeter}) or every type of a namespace ({@code example/*}) that
 * nothing binds specifically.
 *
 * <pre>{@code
 * HttpFunctionEndpointSpec endpoint = HttpFunctionEndpointSpec.builder("example/*")
 *     .withUrlPathTemplate("http://functions:8000/statefun/{function.name}")
 *     .withMaxNumBatchRequests(1000)
 *     .withMaxConnections(128)
 *     .withCallTimeout(Duration.ofMinutes(2))
 *     .withConnectTimeout(Duration.ofSeconds(20))
 *     .build();
 * }</pre>
 *
 * <p>In {@code application.yml} the same is {@code statefun.endpoints[*]}; in a module YAML,
 * {@code kind: io.statefun.endpoints.v2/http}.
 */
public final class HttpFunctionEndpointSpec implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The placeholder in a URL path template that stands for the function type's name. */
  public static final String FUNCTION_NAME_PLACEHOLDER = "{function.name}";

  public static final int DEFAULT_MAX_NUM_BATCH_REQUESTS = 1000;
  /**
   * Connections a JVM keeps to an endpoint's host and port by default: below the 200 idle
   * connections the JDK's {@code HttpServer} keeps open, and plenty for batching calls.
   */
  public static final int DEFAULT_MAX_CONNECTIONS = 128;
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(1);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final String namespace;
  /** {@code null} for every type of the namespace. */
  private final String name;
  private final String urlPathTemplate;
  private final int maxNumBatchRequests;
  private final int maxConnections;
  private final Duration callTimeout;
  private final Duration connectTimeout;

  private HttpFunctionEndpointSpec(Builder builder) {
    this.namespace = builder.namespace;
    this.name = builder.name;
    this.urlPathTemplate = builder.urlPathTemplate;
    this.maxNumBatchRequests = builder.maxNumBatchRequests;
    this.maxConnections = builder.maxConnections;
    this.callTimeout = builder.callTimeout;
    this.connectTimeout = builder.connectTimeout;
  }

  /**
   * Starts an endpoint for {@code namespace/name} or {@code namespace/*}.
   *
   * @throws InvalidEndpointSettingException if {@code functions} is neither
   */
  public static Builder builder(String functions) {
    return new Builder(functions);
  }

  /** The function type this endpoint binds specifically; empty for {@code namespace/*}. */
  public Optional<FunctionType> functionType() {
    return name == null ? Optional.empty() : Optional.of(new FunctionType(namespace, name));
  }

  /** Whether this endpoint binds every type of its namespace ({@code namespace/*}). */
  public boolean isNamespaceWildcard() {
    return name == null;
  }

  public String namespace() {
    return namespace;
  }

  /** Whether this endpoint serves that type (specifically or through its namespace). */
  public boolean matches(FunctionType type) {
    return namespace.equals(type.namespace()) && (name == null || name.equals(type.name()));
  }

  /** {@code namespace/name} or {@code namespace/*}, as written. */
  public String functions() {
    return namespace + "/" + (name == null ? "*" : name);
  }

  public String urlPathTemplate() {
    return urlPathTemplate;
  }

  /** The URL of one function type: the template with {@value #FUNCTION_NAME_PLACEHOLDER} replaced. */
  public URI urlOf(FunctionType type) {
    return URI.create(urlPathTemplate.replace(FUNCTION_NAME_PLACEHOLDER, type.name()));
  }

  /** Messages that wait per address while a request is in flight; past it that address back-pressures. */
  public int maxNumBatchRequests() {
    return maxNumBatchRequests;
  }

  /**
   * Connections to the endpoint's host and port a JVM keeps open, for all its parallel instances
   * (StateFun's {@code pool_size}); a call finding none free waits for one, and messages for its
   * address batch up meanwhile.
   */
  public int maxConnections() {
    return maxConnections;
  }

  /** Bounds a whole call from its first attempt, retries included. */
  public Duration callTimeout() {
    return callTimeout;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpFunctionEndpointSpec other
        && namespace.equals(other.namespace)
        && Objects.equals(name, other.name)
        && urlPathTemplate.equals(other.urlPathTemplate)
        && maxNumBatchRequests == other.maxNumBatchRequests
        && maxConnections == other.maxConnections
        && callTimeout.equals(other.callTimeout)
        && connectTimeout.equals(other.connectTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(namespace, name, urlPathTemplate, maxNumBatchRequests, maxConnections, callTimeout, connectTimeout);
  }

  @Override
  public String toString() {
    return "HttpFunctionEndpointSpec{" + functions() + " -> " + urlPathTemplate + "}";
  }

  /** Builds a {@link HttpFunctionEndpointSpec}; {@link #build()} checks it. */
  public static final class Builder {
    private final String namespace;
    private final String name;
    private String urlPathTemplate;
    private int maxNumBatchRequests = DEFAULT_MAX_NUM_BATCH_REQUESTS;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

    private Builder(String functions) {
      Objects.requireNonNull(functions, "functions");
      int slash = functions.indexOf('/');
      String ns = slash < 0 ? "" : functions.substring(0, slash);
      String rest = slash < 0 ? "" : functions.substring(slash + 1);
      if (ns.isEmpty() || rest.isEmpty() || rest.indexOf('/') >= 0 || ns.indexOf('*') >= 0
          || (rest.indexOf('*') >= 0 && !rest.equals("*"))) {
        throw new InvalidEndpointSettingException(InvalidEndpointSettingException.FUNCTIONS,
            "Invalid functions '" + functions
            + "': expected 'namespace/name' or 'namespace/*' ('*' stands alone, for the whole name)");
      }
      this.namespace = ns;
      this.name = rest.equals("*") ? null : rest;
    }

    /** The URL, {@code http} or {@code https}; {@value #FUNCTION_NAME_PLACEHOLDER} stands for the type's name. */
    public Builder withUrlPathTemplate(String urlPathTemplate) {
      this.urlPathTemplate = Objects.requireNonNull(urlPathTemplate, "urlPathTemplate");
      return this;
    }

    public Builder withMaxNumBatchRequests(int maxNumBatchRequests) {
      this.maxNumBatchRequests = maxNumBatchRequests;
      return this;
    }

    /** Connections a JVM keeps to the endpoint's host and port ({@value #DEFAULT_MAX_CONNECTIONS} by default). */
    public Builder withMaxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
      return this;
    }

    public Builder withCallTimeout(Duration callTimeout) {
      this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
      return this;
    }

    public Builder withConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * @throws InvalidEndpointSettingException naming the setting that is wrong: no URL, a URL that is
     *     not absolute {@code http}/{@code https}, a batch or connection bound below 1, a timeout not positive
     */
    public HttpFunctionEndpointSpec build() {
      if (urlPathTemplate == null || urlPathTemplate.isBlank()) {
        throw new InvalidEndpointSettingException(InvalidEndpointSettingException.URL_PATH_TEMPLATE,
            "urlPathTemplate is missing: give the endpoint's URL, e.g. "
            + "http://localhost:8000/statefun/" + FUNCTION_NAME_PLACEHOLDER);
      }
      checkUrl(urlPathTemplate);
      if (maxNumBatchRequests < 1) {
        throw new InvalidEndpointSettingException(InvalidEndpointSettingException.MAX_NUM_BATCH_REQUESTS,
            "maxNumBatchRequests must be at least 1, got " + maxNumBatchRequests);
      }
      if (maxConnections < 1) {
        throw new InvalidEndpointSettingException(InvalidEndpointSettingException.MAX_CONNECTIONS,
            "maxConnections must be at least 1, got " + maxConnections);
      }
      if (callTimeout.isZero() || callTimeout.isNegative()) {
        throw new InvalidEndpointSettingException(InvalidEndpointSettingException.CALL_TIMEOUT,
            "the call timeout must be positive, got " + callTimeout);
      }
      if (connectTimeout.isZero() || connectTimeout.isNegative()) {
        throw new InvalidEndpointSettingException(InvalidEndpointSettingException.CONNECT_TIMEOUT,
            "the connect timeout must be positive, got " + connectTimeout);
      }
      return new HttpFunctionEndpointSpec(this);
    }

    private static InvalidEndpointSettingException invalidUrl(String message) {
      return new InvalidEndpointSettingException(InvalidEndpointSettingException.URL_PATH_TEMPLATE, message);
    }

    private static void checkUrl(String template) {
      URI uri;
      try {
        uri = URI.create(template.replace(FUNCTION_NAME_PLACEHOLDER, "name"));
      } catch (IllegalArgumentException e) {
        throw invalidUrl("'" + template + "' is not a URL: " + e.getMessage());
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw invalidUrl("'" + template + "' is not an http or https URL; valid schemes are "
            + "[http, https]");
      }
      if (uri.getHost() == null) {
        throw invalidUrl("'" + template + "' has no host");
      }
    }
  }
}
