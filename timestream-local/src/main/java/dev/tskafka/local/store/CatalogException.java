package dev.tskafka.local.store;

/** A refused catalog change; {@link Kind} says which service error it is. */
public final class CatalogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The kinds of refusal, one per service error code. */
  public enum Kind {
    NOT_FOUND,
    CONFLICT,
    VALIDATION,
    QUOTA_EXCEEDED
  }

  private final Kind kind;

  public CatalogException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
