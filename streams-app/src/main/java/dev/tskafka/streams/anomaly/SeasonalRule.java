package dev.tskafka.streams.anomaly;

import dev.tskafka.streams.stats.HourlyMoments;
import java.util.List;

/**
 * A seasonal baseline: anomalous when the window's statistic lies more than {@code sigmas} standard
 * deviations of the raw readings of the same hour the day before from their mean, and by at least
 * {@code minDeviation} (units, or with {@code relative} a fraction of that mean's magnitude). A
 * daily cycle is then no deviation at all, however steep: 3 a.m. is judged against 3 a.m. What it
 * cannot know is a weekly one: a Saturday judged against a Friday flags the weekend. Judged once
 * the series has two readings or more of that hour a day before; an hour of only a few readings has
 * a spread too noisy to judge by, so give such series a minimum deviation. Hours are UTC hours: on
 * the day a local clock changes, a local daily cycle is judged one hour off. An incident moves its
 * hour's baseline for the next day: the next day's normal readings of that hour may then be
 * flagged. Cannot be confirmed k-of-n (each earlier window has its own hour of the day before).
 *
 * <p>State: the measure's {@link HourlyMoments} (48 hourly count, mean and squared deviations:
 * 1,536 bytes per measure and series, shared with {@link TrailingDayRule}).
 */
public record SeasonalRule(String measure, double sigmas, double minDeviation, boolean relative)
    implements AnomalyRule {

  /** Without the hour a day before there is nothing to judge against. */
  @Override
  public Verdict judge(double value, List<Double> history) {
    return null;
  }

  @Override
  public Verdict judge(double value, List<Double> history, HourlyMoments.Day day) {
    if (day == null || day.count() < 2) {
      return null;
    }
    double limit =
        MinimumDeviation.bound(sigmas * day.stddev(), day.mean(), minDeviation, relative);
    return new Verdict(
        name(), measure, Math.abs(value - day.mean()) > limit, value, day.mean(), limit);
  }

  @Override
  public HourlyMoments.Baseline hourlyBaseline() {
    return HourlyMoments.Baseline.SAME_HOUR_YESTERDAY;
  }

  @Override
  public String name() {
    return "seasonal";
  }
}
