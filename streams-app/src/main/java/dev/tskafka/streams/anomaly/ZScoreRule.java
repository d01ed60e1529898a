package dev.tskafka.streams.anomaly;

import dev.tskafka.streams.stats.RunningStats;
import java.util.List;

/**
 * Anomalous when the value lies more than {@code sigmas} standard deviations from the mean of the
 * series' trailing windows (the seed's 3-sigma query), judged once at least {@code minHistory}
 * windows exist, and by at least {@code minDeviation}: an absolute amount, or with {@code relative}
 * a fraction of the baseline mean's magnitude. The minimum keeps a tiny variance (a flat or
 * quantized series, a quiet stretch) from flagging a tiny change: a deviation must be both unusual
 * and large enough to matter. With a minimum of 0, a flat baseline flags any change.
 *
 * <p>State: none of its own; it reads the series' trailing windows ({@code history.windows} values
 * per series).
 */
public record ZScoreRule(
    String measure, double sigmas, int minHistory, double minDeviation, boolean relative)
    implements AnomalyRule {

  /** A rule without a minimum deviation. */
  public ZScoreRule(String measure, double sigmas, int minHistory) {
    this(measure, sigmas, minHistory, 0, false);
  }

  @Override
  public Verdict judge(double value, List<Double> history) {
    if (history.size() < minHistory) {
      return null;
    }
    RunningStats baseline = new RunningStats();
    for (double v : history) {
      baseline.add(v, 0);
    }
    double mean = baseline.mean();
    double limit = MinimumDeviation.bound(sigmas * baseline.stddev(), mean, minDeviation, relative);
    boolean anomalous = Math.abs(value - mean) > limit;
    return new Verdict(name(), measure, anomalous, value, mean, limit);
  }

  @Override
  public String name() {
    return "zscore";
  }
}
