package dev.tskafka.local.store;

/** How long records stay in the memory store (hours) and the magnetic store (days). */
public record RetentionProperties(long memoryStoreHours, long magneticStoreDays) {
  /** The service's defaults: 6 hours in memory, 73,000 days in magnetic. */
  public static final RetentionProperties DEFAULT = new RetentionProperties(6, 73_000);
}
