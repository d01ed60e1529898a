package dev.tskafka.connector.write;

import java.util.concurrent.CompletionException;

/** A WriteRecords call that failed as a whole, classified for the retry decision. */
public final class WriteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What the failure means for the batch. */
  public enum Kind {
    /** The service asked to slow down: retry after a backoff. */
    THROTTLED,
    /** A 5xx, timeout or connection failure: retry after a backoff. */
    TRANSIENT,
    /** The request itself is invalid: retry record by record to isolate the bad one. */
    INVALID_REQUEST,
    /** Retrying cannot help (missing table, access denied): fail the task. */
    FATAL
  }

  private final Kind kind;

  public WriteException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** The failure inside the CompletionException wrappers of a failed future. */
  public static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  public boolean retryable() {
    return kind == Kind.THROTTLED || kind == Kind.TRANSIENT;
  }
}
