package dev.statefun.kafka.autoconfigure;

import dev.statefun.kafka.io.HttpFunctionEndpointSpec;
import dev.statefun.kafka.io.InvalidEndpointSettingException;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.time.Duration;

/**
 * Turns one {@code statefun.endpoints[n]} entry into an {@link HttpFunctionEndpointSpec}; every
 * mistake names its property path and what is valid there.
 */
final class EndpointPropertiesBinder {

  private EndpointPropertiesBinder() {}

  static HttpFunctionEndpointSpec bind(String path, StatefunEndpointsProperties.Endpoint endpoint) {
    if (endpoint.getFunctions() == null || endpoint.getFunctions().isBlank()) {
      throw new StatefunConfigurationException(path + ".functions", "an endpoint needs the function types it serves",
          "Set functions: namespace/name, or namespace/* for every type of the namespace");
    }
    StatefunEndpointsProperties.Timeouts timeouts = endpoint.getTimeouts();
    try {
      HttpFunctionEndpointSpec.Builder builder = HttpFunctionEndpointSpec.builder(endpoint.getFunctions().trim());
      if (endpoint.getUrlPathTemplate() != null) {
        builder.withUrlPathTemplate(endpoint.getUrlPathTemplate().trim());
      }
      HttpFunctionEndpointSpec spec = builder
          .withMaxNumBatchRequests(endpoint.getMaxNumBatchRequests())
          .withMaxConnections(endpoint.getMaxConnections())
          .withCallTimeout(required(path + ".timeouts.call", timeouts.getCall()))
          .withConnectTimeout(required(path + ".timeouts.connect", timeouts.getConnect()))
          .build();
      atMostCall(path + ".timeouts.read", timeouts.getRead(), spec.callTimeout());
      atMostCall(path + ".timeouts.write", timeouts.getWrite(), spec.callTimeout());
      return spec;
    } catch (InvalidEndpointSettingException e) {
      throw switch (e.setting()) {
        case InvalidEndpointSettingException.FUNCTIONS -> new StatefunConfigurationException(path + ".functions",
            e.getMessage(), "Write e.g. functions: example/greeter, or example/* for the whole namespace");
        case InvalidEndpointSettingException.URL_PATH_TEMPLATE -> new StatefunConfigurationException(
            path + ".url-path-template", e.getMessage(),
            "Set it to the functions' URL, e.g. http://localhost:8000/statefun/{function.name}");
        case InvalidEndpointSettingException.MAX_NUM_BATCH_REQUESTS -> new StatefunConfigurationException(
            path + ".max-num-batch-requests", e.getMessage(), "Use 1 or more; StateFun's default is 1000");
        case InvalidEndpointSettingException.MAX_CONNECTIONS -> new StatefunConfigurationException(
            path + ".max-connections", e.getMessage(), "Use 1 or more; the default is "
                + HttpFunctionEndpointSpec.DEFAULT_MAX_CONNECTIONS);
        case InvalidEndpointSettingException.CALL_TIMEOUT -> positive(path + ".timeouts.call", e);
        default -> positive(path + ".timeouts.connect", e);
      };
    }
  }

  private static Duration required(String path, Duration timeout) {
    if (timeout == null) {
      throw new StatefunConfigurationException(path, "the timeout is empty",
          "Use a positive duration such as 2m or 20s");
    }
    return timeout;
  }

  private static StatefunConfigurationException positive(String path, InvalidEndpointSettingException e) {
    return new StatefunConfigurationException(path, e.getMessage(), "Use a positive duration such as 2m or 20s");
  }

  private static void atMostCall(String path, Duration timeout, Duration call) {
    if (timeout == null) {
      return;
    }
    if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(call) > 0) {
      throw new StatefunConfigurationException(path,
          "invalid timeout " + timeout + ": StateFun's read and write timeouts are positive and at most the call "
              + "timeout (" + call + ")",
          "Use a positive duration up to the call timeout, or remove it: the call timeout bounds every read and write");
    }
  }
}
