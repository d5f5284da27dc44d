package dev.statefun.kafka.runtime.remote;

/**
 * A remote function could not be called (the call timeout passed, retries included, or the
 * endpoint answered with a status that is not retried) or answered what the protocol does not
 * allow. The job fails and restarts from its last checkpoint, which sends the request again.
 *
 * <p>Internal.
 */
public final class RemoteFunctionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public RemoteFunctionException(String message) {
    super(message);
  }

  public RemoteFunctionException(String message, Throwable cause) {
    super(message, cause);
  }
}
