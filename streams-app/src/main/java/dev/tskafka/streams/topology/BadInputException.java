package dev.tskafka.streams.topology;

/** An input record that cannot be read as a reading; the message is the reason. */
public final class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadInputException(String reason) {
    super(reason);
  }
}
