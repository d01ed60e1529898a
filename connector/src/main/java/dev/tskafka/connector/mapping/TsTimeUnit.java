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

  /** This unit, or the coarsest finer one, in which {@code epochNanos} is exact. */
  public TsTimeUnit refinedFor(long epochNanos) {
    TsTimeUnit unit = this;
    while (epochNanos % unit.nanos != 0) {
      unit = values()[unit.ordinal() + 1];
    }
    return unit;
  }
}
