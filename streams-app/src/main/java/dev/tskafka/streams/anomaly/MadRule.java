package dev.tskafka.streams.anomaly;

import java.util.Arrays;
import java.util.List;

/**
 * A robust z-score: anomalous when the value lies more than {@code limit} scaled median absolute
 * deviations from the median of the series' trailing windows (1.4826 × MAD estimates the standard
 * deviation of normal noise, so a limit of 3.5 is about 3.5 sigma), judged once {@code minHistory}
 * windows exist, and by at least {@code minDeviation} (units, or with {@code relative} a fraction
 * of the median's magnitude). Unlike the mean and standard deviation of {@link ZScoreRule}, the
 * median and the MAD do not move with a few outliers in the baseline: an earlier spike, or the
 * first windows of an incident, neither hides the next one nor widens the bound for a long time.
 *
 * <p>State: none of its own; it reads the series' trailing windows ({@code history.windows} values
 * per series). Cost: two sorts of that many values per judged window.
 */
public record MadRule(
    String measure, double limit, int minHistory, double minDeviation, boolean relative)
    implements AnomalyRule {
  /** 1 / Φ⁻¹(3/4): turns a MAD into a standard deviation for normal noise. */
  static final double NORMAL_SCALE = 1.4826;

  @Override
  public Verdict judge(double value, List<Double> history) {
    if (history.size() < minHistory || history.isEmpty()) {
      return null;
    }
    double[] values = Samples.sorted(history);
    double median = Samples.quantile(values, 0.5);
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.abs(values[i] - median);
    }
    Arrays.sort(values);
    double spread = NORMAL_SCALE * Samples.quantile(values, 0.5);
    double bound = MinimumDeviation.bound(limit * spread, median, minDeviation, relative);
    return new Verdict(name(), measure, Math.abs(value - median) > bound, value, median, bound);
  }

  @Override
  public String name() {
    return "mad";
  }
}
