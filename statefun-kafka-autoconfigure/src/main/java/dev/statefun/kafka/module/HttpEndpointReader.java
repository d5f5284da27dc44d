package dev.statefun.kafka.module;

import dev.statefun.kafka.io.HttpFunctionEndpointSpec;
import dev.statefun.kafka.io.InvalidEndpointSettingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code spec} of a StateFun HTTP function endpoint, as StateFun 3.x wrote it:
 *
 * <pre>{@code
 * kind: io.statefun.endpoints.v2/http
 * spec:
 *   functions: com.example/*                       # namespace/name or namespace/*
 *   urlPathTemplate: https://bar.foo.com:8080/{function.name}
 *   maxNumBatchRequests: 1000
 *   transport:
 *     type: io.statefun.transports.v1/async        # or io.statefun.transports.v1/okhttp
 *     call: 2m
 *     connect: 20s
 *     timeouts: {call: 1 min, connect: 10s, read: 10 sec, write: 10 sec}   # instead of call/connect
 * ---
 * kind: io.statefun.endpoints.v1/http              # and 3.0's endpoints with meta.kind: http
 * spec:
 *   functions: com.example/*
 *   urlPathTemplate: https://bar.foo.com:8080/{function.name}
 *   timeouts: {call: 1 min, connect: 10s, read: 10 sec, write: 10 sec}
 * }</pre>
 *
 * <p>Defaults follow StateFun 3.3: call 2 min and connect 20 s for v2 without a transport type
 * (its asynchronous transport), 1 min and 10 s for the OkHttp transport, for a {@code timeouts}
 * block and for v1. Both
 * transport types are served by the same HTTP client (keep-alive, the JVM's trust store);
 * {@code pool_size} bounds its connections to the endpoint ({@code maxConnections});
 * {@code pool_ttl} and {@code payload_max_bytes} are checked and otherwise left to that client. Certificates ({@code trust_cacerts}, {@code client_cert}, ...) come from
 * the JVM's key and trust stores instead, and are refused here with that advice. Internal.
 */
final class HttpEndpointReader {

  static final String V1_KIND = "io.statefun.endpoints.v1/http";
  static final String V2_KIND = "io.statefun.endpoints.v2/http";
  static final String ASYNC_TRANSPORT = "io.statefun.transports.v1/async";
  static final String OKHTTP_TRANSPORT = "io.statefun.transports.v1/okhttp";
  static final List<String> TRANSPORT_TYPES = List.of(ASYNC_TRANSPORT, OKHTTP_TRANSPORT);

  private static final List<String> KEYS = List.of("functions", "urlPathTemplate", "maxNumBatchRequests");
  private static final List<String> TRANSPORT_KEYS =
      List.of("type", "call", "connect", "timeouts", "pool_ttl", "pool_size", "payload_max_bytes");
  private static final List<String> CERTIFICATE_KEYS =
      List.of("trust_cacerts", "client_cert", "client_key", "client_key_password");

  private HttpEndpointReader() {}

  /** {@code io.statefun.endpoints.v2/http}: timeouts under {@code transport}. */
  static HttpFunctionEndpointSpec readV2(YamlNode spec) {
    spec.requireMap().rejectUnknownKeys(keysAnd("transport"));
    YamlNode transport = spec.get("transport").requireMapIfPresent();
    for (String key : CERTIFICATE_KEYS) {
      if (transport.has(key)) {
        throw transport.get(key).problem("certificates are not read from the module file",
            "Remove '" + key + "': https endpoints are checked against the JVM's trust store "
                + "(-Djavax.net.ssl.trustStore=...), and a client certificate comes from its key store "
                + "(-Djavax.net.ssl.keyStore=...)");
      }
    }
    transport.rejectUnknownKeys(TRANSPORT_KEYS);
    String type = transport.get("type").optionalString().orElse(ASYNC_TRANSPORT);
    if (!TRANSPORT_TYPES.contains(type)) {
      throw transport.get("type").invalidValue(TRANSPORT_TYPES);
    }
    transport.get("pool_ttl").optionalString().ifPresent(ttl -> ConfigValues.duration(
        transport.get("pool_ttl").location(), ttl));
    if (transport.has("payload_max_bytes")) {
      transport.get("payload_max_bytes").integer(1);
    }
    Integer poolSize = transport.has("pool_size") ? transport.get("pool_size").integer(1) : null;
    // StateFun's async transport defaults to 2 min / 20 s, but took a timeouts block with OkHttp's defaults
    boolean async = type.equals(ASYNC_TRANSPORT) && !transport.has("timeouts");
    EndpointTimeouts timeouts = EndpointTimeouts.read(transport, transport.get("timeouts"),
        async ? EndpointTimeouts.ASYNC_CALL : EndpointTimeouts.OKHTTP_CALL,
        async ? EndpointTimeouts.ASYNC_CONNECT : EndpointTimeouts.OKHTTP_CONNECT);
    return build(spec, timeouts, poolSize);
  }

  /** {@code io.statefun.endpoints.v1/http} and StateFun 3.0's endpoints: {@code timeouts} in the spec. */
  static HttpFunctionEndpointSpec readV1(YamlNode spec) {
    spec.requireMap().rejectUnknownKeys(keysAnd("timeouts"));
    EndpointTimeouts timeouts = EndpointTimeouts.read(null, spec.get("timeouts"),
        EndpointTimeouts.OKHTTP_CALL, EndpointTimeouts.OKHTTP_CONNECT);
    return build(spec, timeouts, null);
  }

  private static List<String> keysAnd(String key) {
    List<String> keys = new ArrayList<>(KEYS);
    keys.add(key);
    return keys;
  }

  /** @param poolSize the transport's {@code pool_size}, or null */
  private static HttpFunctionEndpointSpec build(YamlNode spec, EndpointTimeouts timeouts, Integer poolSize) {
    YamlNode functions = spec.get("functions");
    YamlNode url = spec.get("urlPathTemplate");
    YamlNode batch = spec.get("maxNumBatchRequests");
    if (!functions.isPresent()) {
      throw functions.problem("an endpoint needs the function types it serves",
          "Add functions: namespace/name, or namespace/* for every type of the namespace");
    }
    if (!url.isPresent()) {
      throw url.problem("an endpoint needs its URL",
          "Add urlPathTemplate: http://host:port/path/{function.name} ({function.name} stands for the type's name)");
    }
    try {
      HttpFunctionEndpointSpec.Builder builder = HttpFunctionEndpointSpec.builder(functions.string())
          .withUrlPathTemplate(url.string())
          .withCallTimeout(timeouts.call())
          .withConnectTimeout(timeouts.connect());
      if (batch.isPresent()) {
        builder.withMaxNumBatchRequests(batch.integer(1));
      }
      if (poolSize != null) {
        builder.withMaxConnections(poolSize);
      }
      return builder.build();
    } catch (InvalidEndpointSettingException e) {
      YamlNode where = switch (e.setting()) {
        case InvalidEndpointSettingException.FUNCTIONS -> functions;
        case InvalidEndpointSettingException.URL_PATH_TEMPLATE -> url;
        case InvalidEndpointSettingException.MAX_NUM_BATCH_REQUESTS -> batch;
        case InvalidEndpointSettingException.CALL_TIMEOUT -> timeouts.callNode();
        default -> timeouts.connectNode();
      };
      throw where.problem(e.getMessage(), "");
    }
  }
}
