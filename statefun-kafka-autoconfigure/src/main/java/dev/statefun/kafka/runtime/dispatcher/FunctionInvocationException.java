package dev.statefun.kafka.runtime.dispatcher;

/** A function threw: names the address and the message type. Fails the job, which Flink restarts. */
public final class FunctionInvocationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  FunctionInvocationException(String message, Throwable cause) {
    super(message, cause);
  }
}
