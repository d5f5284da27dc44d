package dev.statefun.kafka.io;

/**
 * A setting of an {@link HttpFunctionEndpointSpec} that is wrong, thrown by its builder. It names
 * the setting as the builder does ({@code functions}, {@code urlPathTemplate},
 * {@code maxNumBatchRequests}, {@code callTimeout}, {@code connectTimeout}), so a reader of
 * configuration can point at the property or YAML key that holds it.
 */
public final class InvalidEndpointSettingException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** The {@code functions} pattern. */
  public static final String FUNCTIONS = "functions";
  /** The URL path template. */
  public static final String URL_PATH_TEMPLATE = "urlPathTemplate";
  /** The per-address batch bound. */
  public static final String MAX_NUM_BATCH_REQUESTS = "maxNumBatchRequests";
  /** The bound on connections to the endpoint's host and port. */
  public static final String MAX_CONNECTIONS = "maxConnections";
  /** The call timeout. */
  public static final String CALL_TIMEOUT = "callTimeout";
  /** The connect timeout. */
  public static final String CONNECT_TIMEOUT = "connectTimeout";

  private final String setting;

  InvalidEndpointSettingException(String setting, String message) {
    super(message);
    this.setting = setting;
  }

  /** Which setting is wrong: one of the constants of this class. */
  public String setting() {
    return setting;
  }
}
