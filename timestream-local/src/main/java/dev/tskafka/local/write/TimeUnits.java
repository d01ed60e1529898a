package dev.tskafka.local.write;

import dev.tskafka.local.protocol.ServiceException;

/** A record's Time (an integer count in its TimeUnit) as epoch nanoseconds. */
final class TimeUnits {
  private TimeUnits() {}

  static long toEpochNanos(String time, String timeUnit) {
    long nanosPerUnit = nanosPerUnit(timeUnit);
    if (time == null) {
      throw invalidTime();
    }
    try {
      return Math.multiplyExact(Long.parseLong(time), nanosPerUnit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalidTime();
    }
  }

  /**
   * A MULTI record's TIMESTAMP measure value (a count in the record's TimeUnit) as epoch
   * nanoseconds, so that stored values have one unit whatever their record's. Text that is not an
   * integer is returned as it is: the record's checks reject it with the reason.
   */
  static String timestampValueAsNanos(String value, String timeUnit, String measureName) {
    long count;
    try {
      count = Long.parseLong(value);
    } catch (NumberFormatException e) {
      return value;
    }
    try {
      return Long.toString(Math.multiplyExact(count, nanosPerUnit(timeUnit)));
    } catch (ArithmeticException e) {
      throw ServiceException.validation(
          "The TIMESTAMP value '"
              + value
              + "' of measure '"
              + measureName
              + "' is out of range: it must be within the years 1677 to 2262.");
    }
  }

  private static long nanosPerUnit(String timeUnit) {
    return switch (timeUnit == null ? "MILLISECONDS" : timeUnit) {
      case "SECONDS" -> 1_000_000_000L;
      case "MICROSECONDS" -> 1_000L;
      case "NANOSECONDS" -> 1L;
      default -> 1_000_000L;
    };
  }

  private static ServiceException invalidTime() {
    return ServiceException.validation("Invalid time for record.");
  }
}
