package dev.tskafka.connector.mapping;

/**
 * A record that cannot become a Timestream record: its message is the reason, written for the user
 * who reads it in the dead-letter queue's headers.
 */
public class BadRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadRecordException(String reason) {
    super(reason);
  }

  public BadRecordException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
