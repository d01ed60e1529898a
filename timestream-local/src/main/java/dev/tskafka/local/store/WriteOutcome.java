package dev.tskafka.local.store;

/**
 * What happened to one record of a WriteRecords call.
 *
 * @param reason why the record was rejected, null when it was accepted
 * @param existingVersion the stored version a rejected update lost to, when the service reports it
 */
public record WriteOutcome(
    boolean accepted, boolean magnetic, String reason, Long existingVersion) {
  private static final WriteOutcome ACCEPTED_MEMORY = new WriteOutcome(true, false, null, null);
  private static final WriteOutcome ACCEPTED_MAGNETIC = new WriteOutcome(true, true, null, null);

  public static WriteOutcome accepted(boolean magnetic) {
    return magnetic ? ACCEPTED_MAGNETIC : ACCEPTED_MEMORY;
  }

  public static WriteOutcome rejected(String reason) {
    return new WriteOutcome(false, false, reason, null);
  }

  public static WriteOutcome rejected(String reason, long existingVersion) {
    return new WriteOutcome(false, false, reason, existingVersion);
  }
}
