package dev.tskafka.connector.errors;

import org.apache.kafka.connect.errors.DataException;

/**
 * The error handed to the dead-letter queue for a record that cannot be written; Connect puts its
 * class and message in the {@code __connect.errors.exception.*} headers.
 */
public final class UnwritableRecordException extends DataException {
  private static final long serialVersionUID = 1L;

  public UnwritableRecordException(String message) {
    super(message);
  }
}
