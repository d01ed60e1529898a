package dev.tskafka.streams.anomaly;

import dev.tskafka.streams.stats.HourlyMoments;
import java.util.List;

/**
 * The seed's own 3-sigma query, per series and per window: anomalous when the window's statistic
 * lies more than {@code sigmas} standard deviations of the trailing day's raw readings from their
 * mean ({@code ABS(value - avg) > 3 * stddev} over {@code ago(24h)}). Written on a window's {@code
 * max} and {@code min}, it flags a window holding any reading the seed's query would list; on its
 * {@code mean}, a window whose level is beyond the day's spread. Judged once the trailing day holds
 * readings of {@code minHours} hours. The day's spread includes a daily cycle, so this finds what
 * is extreme for the day (a sensor far out of its range), not what is unusual for the hour.
 *
 * <p>State: the measure's {@link HourlyMoments} (48 hourly count, mean and squared deviations:
 * 1,536 bytes per measure and series, however many rules read them). The day is the 24 hours before
 * the window, this window excluded; the windows must be tumbling and divide an hour (checked at
 * start), or readings would count twice.
 */
public record TrailingDayRule(String measure, double sigmas, int minHours) implements AnomalyRule {
  public TrailingDayRule {
    if (minHours < 1 || minHours > HourlyMoments.HOURS) {
      throw new IllegalArgumentException(
          "a sigma24h rule's minimum hours must be 1 to "
              + HourlyMoments.HOURS
              + ", not "
              + minHours);
    }
  }

  /** Without the trailing day there is nothing to judge against. */
  @Override
  public Verdict judge(double value, List<Double> history) {
    return null;
  }

  @Override
  public Verdict judge(double value, List<Double> history, HourlyMoments.Day day) {
    if (day == null || day.hours() < minHours || day.count() < 2) {
      return null;
    }
    double limit = sigmas * day.stddev();
    return new Verdict(
        name(), measure, Math.abs(value - day.mean()) > limit, value, day.mean(), limit);
  }

  @Override
  public HourlyMoments.Baseline hourlyBaseline() {
    return HourlyMoments.Baseline.TRAILING_DAY;
  }

  @Override
  public String name() {
    return "sigma24h";
  }
}
