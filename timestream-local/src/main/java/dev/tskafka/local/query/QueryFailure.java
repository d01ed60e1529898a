package dev.tskafka.local.query;

/**
 * A query that cannot run, with the message the user reads (the Query API's ValidationException).
 */
public final class QueryFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QueryFailure(String message) {
    super(message, null, false, false);
  }
}
