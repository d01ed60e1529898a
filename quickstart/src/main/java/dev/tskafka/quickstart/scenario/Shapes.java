package dev.tskafka.quickstart.scenario;

import java.time.Duration;

/** The building blocks of realistic series: a daily cycle and bounded noise. */
final class Shapes {
  private static final double DAY_MS = Duration.ofDays(1).toMillis();

  private Shapes() {}

  /** A daily cycle in [-1, 1], highest at 15:00 UTC and lowest at 03:00 UTC. */
  static double diurnal(long timeMs) {
    double hours = (timeMs % (long) DAY_MS) / 3_600_000.0;
    return Math.sin(2 * Math.PI * (hours - 9) / 24);
  }

  /** {@code value} rounded to {@code decimals} places, as a sensor or exporter would report it. */
  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }

  /** Whether {@code timeMs} lies in the incident that starts at {@code phase} of the run. */
  static boolean during(Timeline timeline, long timeMs, double phase, Duration length) {
    long start = timeline.at(phase);
    return timeMs >= start && timeMs < start + length.toMillis();
  }

  static double days(long ms) {
    return ms / DAY_MS;
  }
}
