package dev.tskafka.connector.mapping;

/** How a numeric time is read: in a declared unit, or detected from its magnitude. */
public enum TimeUnitSetting {
  AUTO,
  SECONDS,
  MILLISECONDS,
  MICROSECONDS,
  NANOSECONDS;

  /**
   * The unit of an epoch count: the declared one, or for AUTO the one that puts the count between
   * the years 1973 and 5138 (below 1e11 seconds, 1e14 ms, 1e17 us, else ns).
   */
  TsTimeUnit unitFor(double count) {
    return switch (this) {
      case SECONDS -> TsTimeUnit.SECONDS;
      case MILLISECONDS -> TsTimeUnit.MILLISECONDS;
      case MICROSECONDS -> TsTimeUnit.MICROSECONDS;
      case NANOSECONDS -> TsTimeUnit.NANOSECONDS;
      case AUTO -> {
        double magnitude = Math.abs(count);
        if (magnitude < 1e11) {
          yield TsTimeUnit.SECONDS;
        } else if (magnitude < 1e14) {
          yield TsTimeUnit.MILLISECONDS;
        } else if (magnitude < 1e17) {
          yield TsTimeUnit.MICROSECONDS;
        }
        yield TsTimeUnit.NANOSECONDS;
      }
    };
  }
}
