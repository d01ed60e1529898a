package dev.tskafka.kafkalocal;

/** A Kafka Connect REST call answered with a status other than 2xx. */
public final class ConnectRestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;

  ConnectRestException(String request, int statusCode, String body) {
    super(request + " answered " + statusCode + ": " + body);
    this.statusCode = statusCode;
  }

  /** The HTTP status code of the answer. */
  public int statusCode() {
    return statusCode;
  }
}
