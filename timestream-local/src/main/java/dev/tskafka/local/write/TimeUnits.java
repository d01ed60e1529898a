package dev.tskafka.local.write;

import dev.tskafka.local.protocol.ServiceException;

/** A record's Time (an integer count in its TimeUnit) as epoch nanoseconds. */
final class TimeUnits {
  private TimeUnits() {}

  static long toEpochNanos(String time, String timeUnit) {
    long nanosPerUnit =
        switch (timeUnit == null ? "MILLISECONDS" : timeUnit) {
          case "SECONDS" -> 1_000_000_000L;
          case "MICROSECONDS" -> 1_000L;
          case "NANOSECONDS" -> 1L;
          default -> 1_000_000L;
        };
    if (time == null) {
      throw invalidTime();
    }
    try {
      return Math.multiplyExact(Long.parseLong(time), nanosPerUnit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalidTime();
    }
  }

  private static ServiceException invalidTime() {
    return ServiceException.validation("Invalid time for record.");
  }
}
