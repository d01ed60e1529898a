package dev.tskafka.quickstart;

/** Something the user can fix, with what to do about it: printed without a stack trace. */
final class QuickstartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  QuickstartException(String message) {
    super(message);
  }
}
