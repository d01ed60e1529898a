package dev.tskafka.connector.mapping;

/** The units Timestream accepts for a record's Time, with their size in nanoseconds. */
public enum TsTimeUnit {
  SECONDS(1_000_000_000L),
  MILLISECONDS(1_000_000L),
  MICROSECONDS(1_000L),
  NANOSECONDS(1L);

  private final long nanos;

  TsTimeUnit(long nanos) {
    this.nanos = nanos;
  }

  public long nanos() {
    return nanos;
  }

  /** The coarsest unit, no coarser than milliseconds, in which every given instant is exact. */
  public static TsTimeUnit exactFor(long... epochNanos) {
    TsTimeUnit unit = MILLISECONDS;
    for (long t : epochNanos) {
      while (t % unit.nanos != 0) {
        unit = values()[unit.ordinal() + 1];
      }
    }
    return unit;
  }
}
